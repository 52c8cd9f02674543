import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Unit } from '../units/unit.entity';
import type { UnitChannelKind } from './channel-kinds';

/**
 * A way to reach a unit beside its mailbox: a WeCom or DingTalk group robot, a JSON webhook, or SMS to mobiles.
 * The address (the robot's webhook URL) and the secret are stored encrypted (AES-256-GCM, CHANNEL_SECRET_KEY).
 */
@Entity('unit_channel')
export class UnitChannel {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_unit_channel_unit')
  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_unit_channel_unit' })
  unit?: Unit;

  @Column({ type: 'varchar', length: 10 })
  channel: UnitChannelKind;

  @Column({ type: 'varchar', length: 100 })
  label: string;

  /** The encrypted webhook URL (an empty string encrypted for SMS, which goes through the configured gateway). */
  @Column({ type: 'text' })
  address: string;

  /** The encrypted signing secret (DingTalk, webhook), or null. */
  @Column({ type: 'text', nullable: true })
  secret: string | null;

  /** Mobiles mentioned in chat (@) or sent SMS to. */
  @Column({ type: 'simple-json', default: '[]' })
  mobiles: string[];

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn()
  createdAt: Date;
}
