// A lead unit's reply (办理情况反馈) to a supervision notice, late when filed after the notice's reply date.
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('supervision_reply')
@Index(['noticeId'])
export class SupervisionReply {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  noticeId: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'integer' })
  byId: number;

  @Column({ type: 'integer' })
  unitId: number;

  @Column({ type: 'boolean', default: false })
  late: boolean;

  @CreateDateColumn()
  createdAt: Date;
}
