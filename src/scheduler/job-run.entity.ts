import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type JobRunStatus = 'done' | 'failed' | 'skipped';

/**
 * One run of a scheduled job for one slot (the instant it was due). The unique (job, slot) pair is what keeps a
 * slot from running twice — after a restart, or on a second instance.
 */
@Entity('job_run')
@Index(['job', 'slot'], { unique: true })
export class JobRun {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 60 })
  job: string;

  /** The slot as an ISO instant, e.g. 2023-09-25T01:00:00.000Z; 'manual:<instant>' for a run started by hand. */
  @Column({ type: 'varchar', length: 60 })
  slot: string;

  @Column({ type: 'varchar', length: 10 })
  status: JobRunStatus;

  /** manual, schedule or catch-up */
  @Column({ type: 'varchar', length: 10 })
  trigger: string;

  @Column({ type: Date })
  startedAt: Date;

  @Column({ type: Date, nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  messages: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
