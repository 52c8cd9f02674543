import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';
import type { Channel } from './channel-kinds';

/** A user's choice for one kind of message on one channel; without a row the kind goes on every channel. */
@Entity('user_channel_preference')
export class UserChannelPreference {
  @PrimaryColumn({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'FK_user_channel_preference_user' })
  user?: User;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  channel: Channel;

  @Column({ type: 'boolean' })
  enabled: boolean;
}
