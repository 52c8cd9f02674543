// Every query on the bulletin table. The rows a bulletin's snapshot is built from are read through their owners'
// repositories (see bulletin-snapshot.service.ts).
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Bulletin, type BulletinStatus } from './bulletin.entity';

/** Every column but the snapshot: what a list shows. */
const SUMMARY_COLUMNS = [
  'b.id',
  'b.planId',
  'b.number',
  'b.period',
  'b.periodStart',
  'b.periodEnd',
  'b.status',
  'b.generatedAt',
  'b.generatedById',
  'b.sentAt',
  'b.sentById',
  'b.createdAt',
];

@Injectable()
export class BulletinsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Bulletin);
  }

  // --- bulletins ---

  summaries(filter: { planId?: number; status?: BulletinStatus }): Promise<Bulletin[]> {
    const qb = this.repo
      .createQueryBuilder('b')
      .select(SUMMARY_COLUMNS)
      .orderBy('b.planId', 'ASC')
      .addOrderBy('b.number', 'DESC');
    if (filter.planId) qb.andWhere('b.planId = :planId', { planId: filter.planId });
    if (filter.status) qb.andWhere('b.status = :status', { status: filter.status });
    return qb.getMany();
  }

  findById(id: number): Promise<Bulletin | null> {
    return this.repo.findOneBy({ id });
  }

  draftOf(planId: number): Promise<Bulletin | null> {
    return this.repo.findOneBy({ planId, status: 'draft' });
  }

  forPeriod(planId: number, period: string): Promise<Bulletin | null> {
    return this.repo.findOneBy({ planId, period });
  }

  /** The plan's next issue number (第N期): one more than the highest. */
  async nextNumber(planId: number): Promise<number> {
    const max = await this.repo
      .createQueryBuilder('b')
      .select('MAX(b.number)', 'max')
      .where('b.planId = :planId', { planId })
      .getRawOne<{ max: number | string | null }>();
    return Number(max?.max ?? 0) + 1;
  }

  insert(fields: Omit<Bulletin, 'id' | 'createdAt'>): Promise<Bulletin> {
    return this.repo.save(this.repo.create(fields));
  }

  async saveSnapshot(bulletin: Bulletin): Promise<void> {
    await this.repo.save(bulletin);
  }

  /** Marks a draft sent; false when it is no longer a draft (another sender got there first). */
  async markSent(id: number, sentAt: Date, sentById: number | null): Promise<boolean> {
    const result = await this.repo.update({ id, status: 'draft' }, { status: 'sent', sentAt, sentById });
    return (result.affected ?? 0) > 0;
  }

  async deleteDraft(id: number): Promise<void> {
    await this.repo.delete({ id, status: 'draft' });
  }

  /** Deletes the plan's bulletins (the plan is being replaced); their ids, for what was written about them. */
  async deleteByPlan(planId: number): Promise<number[]> {
    const ids = (await this.repo.find({ select: { id: true }, where: { planId } })).map((b) => b.id);
    if (ids.length) await this.repo.delete({ planId });
    return ids;
  }
}
