import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { WorkItem } from '../plans/work-item.entity';
import { Indicator } from '../indicators/indicator.entity';

export const TASK_STATUSES = [
  'draft',
  'assigned',
  'in_progress',
  'submitted',
  'closed',
  'blocked',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Recurrence {
  freq: 'monthly' | 'quarterly';
  /** Day of the month the work is due by; moved to the previous working day when it is not one. */
  day: number;
}

/** A task (工作任务) of a work item, led by one unit and supported by others. */
@Entity('task')
@Index(['planId', 'code'], { unique: true })
// The list's filters and sorts, each behind an index: the default order (deadline, then code), open tasks by
// deadline, and the other sort keys.
@Index('IDX_task_deadline_code', ['deadline', 'code'])
@Index('IDX_task_status', ['status'])
@Index('IDX_task_open_deadline', ['deadline', 'code', 'id'], {
  where: `"status" IN ('assigned', 'in_progress', 'blocked')`,
})
@Index('IDX_task_work_item', ['workItemId', 'deadline'])
@Index('IDX_task_lead_unit', ['leadUnitId', 'deadline'])
@Index('IDX_task_owner', ['ownerId'])
@Index('IDX_task_code', ['code'])
@Index('IDX_task_start_date', ['startDate'])
@Index('IDX_task_progress', ['progress'])
@Index('IDX_task_title', ['title'])
@Index('IDX_task_updated_at', ['updatedAt'])
// The text search index, left alone by schema generation. On PostgreSQL it is a trigram index on the stored column
// "searchText" (migration TaskSearchText), which is the database's own and no field here: a generated migration that
// drops that column must have the drop taken out.
@Index('IDX_task_search', { synchronize: false })
export class Task {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  planId: number;

  @Column({ type: 'integer' })
  workItemId: number;

  @ManyToOne(() => WorkItem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'workItemId' })
  workItem: Relation<WorkItem>;

  @Index()
  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Task, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parentId' })
  parent: Task | null;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'integer' })
  leadUnitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'leadUnitId' })
  leadUnit: Relation<Unit>;

  @ManyToMany(() => Unit)
  @JoinTable({
    name: 'task_supporting_unit',
    joinColumn: { name: 'taskId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'unitId', referencedColumnName: 'id' },
  })
  supportingUnits: Unit[];

  @Column({ type: 'integer', nullable: true })
  ownerId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ownerId' })
  owner: User | null;

  /** The person responsible (责任人) by name, when they have no account. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  ownerName: string | null;

  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  /** The deadline in force (完成时限); for a recurring task, the end of the recurrence. */
  @Column({ type: 'date' })
  deadline: string;

  /** The deadline first planned; it stays on record when an extension moves `deadline`. */
  @Column({ type: 'date' })
  originalDeadline: string;

  /** Set when the deadline was given as a number of working days after the start. */
  @Column({ type: 'integer', nullable: true })
  deadlineWorkingDays: number | null;

  @Column({ type: 'simple-json', nullable: true })
  recurrence: Recurrence | null;

  @Column({ type: 'varchar', length: 10, default: 'normal' })
  priority: Priority;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: TaskStatus;

  @Column({ type: 'integer', default: 0 })
  progress: number;

  @Column({ type: 'simple-json' })
  tags: string[];

  @ManyToMany(() => Indicator)
  @JoinTable({
    name: 'task_indicator',
    joinColumn: { name: 'taskId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'indicatorId', referencedColumnName: 'id' },
  })
  indicators: Indicator[];

  @Column({ type: 'varchar', length: 20, default: 'user' })
  source: string;

  /** The words of the source document the task comes from. */
  @Column({ type: 'text', nullable: true })
  sourceQuote: string | null;

  /** The meeting decision (议定事项) the task follows up, when it came from one. */
  @Column({ type: 'integer', nullable: true })
  decisionId: number | null;

  @Column({ type: Date, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
