import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';

export type ReportStatus = 'submitted' | 'accepted' | 'returned';

export const LIVE_REPORT_INDEX = 'IDX_progress_report_live';

/**
 * A progress report (进展) of one unit on one task for one period. A unit has one live report per task and
 * period: a new one is taken only after the last was sent back (returned reports stay on record).
 */
@Entity('progress_report')
@Index(['taskId', 'period'])
@Index(LIVE_REPORT_INDEX, ['taskId', 'unitId', 'period'], { unique: true, where: `"status" <> 'returned'` })
/** The reports flagged for coordination filed by a day: the open coordination requests a bulletin counts. */
@Index('IDX_progress_report_coordination', ['needsCoordination', 'filedOn'])
export class ProgressReport {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  taskId: number;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taskId' })
  task: Relation<Task>;

  @Index()
  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'unitId' })
  unit: Relation<Unit>;

  /** The reporting period, e.g. 2023-08. */
  @Column({ type: 'varchar', length: 10 })
  period: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'integer' })
  percent: number;

  /** The task's progress before this report moved it (lead unit's reports only). */
  @Column({ type: 'integer', nullable: true })
  progressBefore: number | null;

  @Column({ type: 'text', default: '' })
  problems: string;

  @Column({ type: 'text', default: '' })
  nextSteps: string;

  @Column({ type: 'boolean', default: false })
  needsCoordination: boolean;

  @Column({ type: 'varchar', length: 20, default: 'submitted' })
  status: ReportStatus;

  @Column({ type: 'text', nullable: true })
  reviewReason: string | null;

  @Column({ type: 'integer', nullable: true })
  reviewedById: number | null;

  @Column({ type: Date, nullable: true })
  reviewedAt: Date | null;

  /** The dispatch round the report answers, when one covers its task, unit and period. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  dispatchRoundId: number | null;

  /** The report this one re-files after it was sent back. */
  @Column({ type: 'integer', nullable: true })
  resubmissionOfId: number | null;

  @Column({ type: 'integer', nullable: true })
  filedById: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'filedById' })
  filedBy: User | null;

  @Column({ type: Date })
  filedAt: Date;

  /** The date the report was filed, in the task force's time zone. */
  @Column({ type: 'date' })
  filedOn: string;

  @Column({ type: 'varchar', length: 20, default: 'user' })
  source: string;
}
