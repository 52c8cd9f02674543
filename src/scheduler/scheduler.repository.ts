// Every query on job_run: taking a (job, slot) — an INSERT that does nothing when the pair exists, so a second
// instance that asks for the same slot learns "already run" without a failed statement aborting its transaction —
// finishing a run, recording a failure under a key of its own, and the reads behind catch-up and the listing.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Page } from '../common/pagination';
import { JobRun, type JobRunStatus } from './job-run.entity';

export type NewJobRun = Pick<
  JobRun,
  'job' | 'slot' | 'status' | 'trigger' | 'startedAt' | 'finishedAt' | 'messages' | 'note'
>;

@Injectable()
export class SchedulerRepository {
  private hasTable = false;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly dataSource: DataSource,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(JobRun);
  }

  /** Before the first migration (the command line on a new database) there is no job_run table. */
  async runTableExists(): Promise<boolean> {
    if (this.hasTable) return true;
    const runner = this.dataSource.createQueryRunner();
    try {
      this.hasTable = await runner.hasTable(this.dataSource.getMetadata(JobRun).tableName);
    } finally {
      await runner.release();
    }
    return this.hasTable;
  }

  /**
   * Takes the (job, slot) for this run: the row as written, or null when the slot is taken (run, running or
   * skipped by another process). Call it inside the run's transaction: the row commits or rolls back with the run,
   * and on PostgreSQL a concurrent claim of the same pair waits for that outcome.
   */
  async claimSlot(run: NewJobRun): Promise<JobRun | null> {
    // Inside a write transaction on SQLite this check is decisive; the insert below settles it on PostgreSQL.
    if (await this.repo.existsBy({ job: run.job, slot: run.slot })) return null;
    const inserted = await this.repo.createQueryBuilder().insert().into(JobRun).values(run).orIgnore().execute();
    const id = inserted.identifiers[0]?.id;
    if (id === undefined || id === null) return null;
    const row = await this.repo.findOneBy({ job: run.job, slot: run.slot });
    return row && row.id === Number(id) ? row : null;
  }

  async finishRun(id: number, fields: Pick<JobRun, 'finishedAt' | 'messages' | 'note'>): Promise<void> {
    await this.repo.update(id, fields);
  }

  /** How many failures of the slot were recorded (their keys are `<slot>#failed-<n>`). */
  countFailures(job: string, slotKey: string): Promise<number> {
    return this.repo
      .createQueryBuilder('r')
      .where('r.job = :job', { job })
      .andWhere(`r.slot LIKE :pattern ESCAPE '\\'`, { pattern: `${escapeLike(slotKey)}#failed-%` })
      .getCount();
  }

  /** The latest run of each job. */
  latestRunOfEachJob(): Promise<JobRun[]> {
    return this.repo
      .createQueryBuilder('r')
      .where((qb) => `r.id IN ${qb.subQuery().select('MAX(l.id)').from(JobRun, 'l').groupBy('l.job').getQuery()}`)
      .getMany();
  }

  async page(filter: { job?: string; page: number; pageSize: number }): Promise<Page<JobRun>> {
    const [items, total] = await this.repo.findAndCount({
      where: filter.job ? { job: filter.job } : {},
      order: { id: 'DESC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    });
    return { items, total, page: filter.page, pageSize: filter.pageSize };
  }

  /** The greatest slot key of the job's runs in these statuses, manual runs or scheduled ones (optionally before a key). */
  async latestSlotKey(job: string, statuses: JobRunStatus[], manual: boolean, before?: string): Promise<string | null> {
    const qb = this.repo
      .createQueryBuilder('r')
      .select('MAX(r.slot)', 'slot')
      .where('r.job = :job AND r.status IN (:...statuses)', { job, statuses })
      .andWhere(`r.slot ${manual ? 'LIKE' : 'NOT LIKE'} :manual`, { manual: 'manual:%' });
    if (before !== undefined) qb.andWhere('r.slot < :before', { before });
    const row = await qb.getRawOne<{ slot: string | null }>();
    return row?.slot ?? null;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}
