import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Task } from './task.entity';
import { User } from '../users/user.entity';

export const EXTENSION_STATUSES = ['pending', 'approved', 'refused', 'replanned'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

/**
 * A deadline-extension request (延期申请) by the lead unit, decided by a lead; or a re-plan (replanned): a planner
 * moved an assigned task's deadline directly, with a reason, recorded here as decided by them at once so that the
 * task's extension history holds every move of its deadline.
 */
@Entity('extension_request')
export class ExtensionRequest {
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

  @Column({ type: 'date' })
  previousDeadline: string;

  @Column({ type: 'date' })
  requestedDeadline: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: ExtensionStatus;

  @Column({ type: 'integer', nullable: true })
  decidedById: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'decidedById' })
  decidedBy: User | null;

  @Column({ type: Date, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ type: Date })
  requestedAt: Date;

  @CreateDateColumn()
  createdAt: Date;
}
