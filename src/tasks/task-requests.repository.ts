// The extension and closing request tables: a unit's requests about its task and the lead's decisions on them.
import type { SqlScope } from '../access';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, type DeepPartial } from 'typeorm';
import { insertEntityRows } from '../database/sql';
import { ClosingRequest } from './closing-request.entity';
import { ExtensionRequest, type ExtensionStatus } from './extension-request.entity';

/** Task ids a statement names at most when a replaced plan's requests are deleted. */
const DELETE_BATCH = 300;

export interface ExtensionFilter {
  taskId?: number;
  status?: ExtensionStatus;
  /** The caller's list scope (src/access) over the request's task, aliased t. */
  scope?: SqlScope | null;
}

@Injectable()
export class TaskRequestsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get extensions() {
    return this.txHost.tx.getRepository(ExtensionRequest);
  }

  private get closings() {
    return this.txHost.tx.getRepository(ClosingRequest);
  }

  // --- extensions ---

  hasPendingExtension(taskId: number): Promise<boolean> {
    return this.extensions.existsBy({ taskId, status: 'pending' });
  }

  insertExtension(fields: DeepPartial<ExtensionRequest>): Promise<ExtensionRequest> {
    return this.extensions.save(this.extensions.create(fields));
  }

  findExtension(id: number): Promise<ExtensionRequest | null> {
    return this.extensions.findOneBy({ id });
  }

  /** The request with who asked and who decided. */
  findExtensionWithPeople(id: number): Promise<ExtensionRequest | null> {
    return this.extensions.findOne({ where: { id }, relations: { requestedBy: true, decidedBy: true } });
  }

  async updateExtension(id: number, patch: Partial<ExtensionRequest>): Promise<void> {
    await this.extensions.update(id, patch);
  }

  /** Requests newest first, each with its task's code and title and the requester's name. */
  listExtensions(filter: ExtensionFilter): Promise<ExtensionRequest[]> {
    const qb = this.extensions
      .createQueryBuilder('e')
      .innerJoin('e.task', 't')
      .addSelect(['t.id', 't.code', 't.title', 't.leadUnitId'])
      .leftJoin('e.requestedBy', 'rb')
      .addSelect(['rb.id', 'rb.displayName'])
      .orderBy('e.id', 'DESC');
    if (filter.taskId) qb.andWhere('e.taskId = :taskId', { taskId: filter.taskId });
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    if (filter.scope) qb.andWhere(filter.scope.where, filter.scope.params);
    return qb.getMany();
  }

  // --- closing ---

  insertClosing(fields: DeepPartial<ClosingRequest>): Promise<ClosingRequest> {
    return this.closings.save(this.closings.create(fields));
  }

  findClosing(id: number): Promise<ClosingRequest> {
    return this.closings.findOneByOrFail({ id });
  }

  /** The closing request, or null (read by attachments, whose owner it may be). */
  findClosingById(id: number): Promise<ClosingRequest | null> {
    return this.closings.findOneBy({ id });
  }

  /** The task's latest closing request still awaiting a decision. */
  pendingClosingOf(taskId: number): Promise<ClosingRequest | null> {
    return this.closings.findOne({ where: { taskId, status: 'pending' }, order: { id: 'DESC' } });
  }

  async updateClosing(id: number, patch: Partial<ClosingRequest>): Promise<void> {
    await this.closings.update(id, patch);
  }

  closingsOf(taskId: number): Promise<ClosingRequest[]> {
    return this.closings.find({ where: { taskId }, order: { id: 'DESC' } });
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  /** Inserts a closing request without reading it back (a loaded plan's closed tasks). */
  async insertClosingRow(fields: Partial<ClosingRequest>): Promise<void> {
    await this.closings.insert(fields);
  }

  /** Inserts many closing requests, a few hundred rows a statement (a plan being loaded). */
  async insertClosingRows(rows: Partial<ClosingRequest>[]): Promise<void> {
    await insertEntityRows(this.txHost.tx, ClosingRequest, rows, 500);
  }

  /** Deletes the tasks' extension and closing requests (their plan is being replaced), in batches. */
  async deleteOfTasks(taskIds: number[]): Promise<void> {
    for (let i = 0; i < taskIds.length; i += DELETE_BATCH) {
      const chunk = taskIds.slice(i, i + DELETE_BATCH);
      await this.extensions.delete({ taskId: In(chunk) });
      await this.closings.delete({ taskId: In(chunk) });
    }
  }
}
