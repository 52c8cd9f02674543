import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Task, type TaskStatus } from './task.entity';
import { User } from '../users/user.entity';

export type ClosingStatus = 'pending' | 'accepted' | 'returned';

/** A request to close a task (申请办结), accepted (办结销号) or sent back by a lead. */
@Entity('closing_request')
export class ClosingRequest {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'integer' })
  taskId: number;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taskId' })
  task: Relation<Task>;

  @Column({ type: 'integer' })
  requestedById: number;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'requestedById' })
  requestedBy: Relation<User>;

  @Column({ type: 'text', default: '' })
  note: string;

  /** The status the task returns to if the request is sent back. */
  @Column({ type: 'varchar', length: 20 })
  statusBefore: TaskStatus;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: ClosingStatus;

  @Column({ type: 'integer', nullable: true })
  decidedById: number | null;

  @Column({ type: Date, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: Date })
  requestedAt: Date;
}
