// Requests a unit makes about its task and a lead decides: deadline extensions (延期申请) and closing (申请办结).
// An approved extension moves the deadline in force; the original deadline stays on record. With separation of
// duties on (security.separationOfDuties), whoever made a request does not decide it.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { assertCan, assertNotOwn, attachmentUploadActions, listScope, loadedTaskObject, type Action } from '../access';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { ClosingRequest } from './closing-request.entity';
import type { ExtensionRequest, ExtensionStatus } from './extension-request.entity';
import { assertTransition } from './status-machine';
import type { Task } from './task.entity';
import { TaskRequestsRepository } from './task-requests.repository';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

const FINISHED = ['closed', 'cancelled'];

const DECIDED_ZH: Record<ExtensionStatus, string> = {
  pending: '提交',
  approved: '批准',
  refused: '驳回',
  replanned: '作为调整计划记录',
};

@Injectable()
export class TaskRequestsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly requests: TaskRequestsRepository,
    private readonly taskRows: TasksRepository,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  /** The lead unit's liaisons, or the planners on their behalf, act for a task. */
  private requireActsForTask(actor: Actor, task: Task, action: Action, what: string, whatZh: string): void {
    assertCan(actor, action, loadedTaskObject(task), {
      en: `Only the lead unit may ${what}`,
      zh: `只有牵头单位可以${whatZh}`,
    });
  }

  // --- extensions ---

  async requestExtension(
    actor: Actor,
    taskId: number,
    requestedDeadline: string,
    reason: string,
  ): Promise<ExtensionRequest> {
    const id = await this.txHost.withTransaction(async () => {
      const task = await this.tasks.findReadable(actor, taskId);
      this.requireActsForTask(actor, task, 'extension.request', 'request an extension', '申请延期');
      if (FINISHED.includes(task.status)) {
        throw new ConflictError(`The task is ${task.status}`, '任务已办结或已取消', 'task_finished');
      }
      if (this.clock.today() > task.deadline) {
        throw new ConflictError(
          `An extension must be asked for before the deadline (${task.deadline})`,
          `延期申请须在完成时限（${task.deadline}）前提出`,
          'deadline_passed',
        );
      }
      if (requestedDeadline <= task.deadline) {
        throw new InvalidFieldError(
          'requestedDeadline',
          `must be after the current deadline ${task.deadline}`,
          `须晚于当前完成时限 ${task.deadline}`,
          'not_later',
        );
      }
      if (await this.requests.hasPendingExtension(taskId)) {
        throw new ConflictError(
          'An extension request for this task is already pending',
          '该任务已有待审批的延期申请',
          'extension_pending',
        );
      }
      const req = await this.requests.insertExtension({
        taskId,
        requestedById: actor.id,
        previousDeadline: task.deadline,
        requestedDeadline,
        reason,
        status: 'pending',
        requestedAt: this.clock.now(),
      });
      await this.audit.record(actor, 'task', taskId, 'extension.request', [
        { field: 'requestedDeadline', from: task.deadline, to: requestedDeadline },
        { field: 'reason', from: null, to: reason },
      ]);
      return req.id;
    });
    return this.getExtension(actor, id);
  }

  async decideExtension(actor: Actor, id: number, approve: boolean, note: string | null): Promise<ExtensionRequest> {
    assertCan(actor, 'extension.decide', undefined, {
      en: 'Only a lead decides extension requests',
      zh: '只有专班负责人可以审批延期申请',
    });
    await this.txHost.withTransaction(async () => {
      const req = await this.requests.findExtension(id);
      if (!req) throw new NotFoundError('Extension request', id, '延期申请');
      if (req.status !== 'pending') {
        throw new ConflictError(
          `The request was already ${req.status}`,
          `该申请已${DECIDED_ZH[req.status]}`,
          'already_decided',
        );
      }
      const task = await this.tasks.findReadable(actor, req.taskId);
      assertNotOwn(actor, req.requestedById, 'extension', this.config.security.separationOfDuties);
      const status: ExtensionStatus = approve ? 'approved' : 'refused';
      await this.requests.updateExtension(id, {
        status,
        decidedById: actor.id,
        decidedAt: this.clock.now(),
        decisionNote: note,
      });
      const changes: { field: string; from: unknown; to: unknown }[] = [
        { field: 'status', from: 'pending', to: status },
      ];
      if (note) changes.push({ field: 'note', from: '', to: note });
      if (approve) {
        await this.taskRows.patch(task.id, { deadline: req.requestedDeadline, deadlineWorkingDays: null });
        changes.push({ field: 'deadline', from: task.deadline, to: req.requestedDeadline });
      }
      await this.audit.record(actor, 'task', task.id, approve ? 'extension.approve' : 'extension.refuse', changes);
    });
    return this.getExtension(actor, id);
  }

  async getExtension(actor: Actor, id: number): Promise<ExtensionRequest> {
    const req = await this.requests.findExtensionWithPeople(id);
    if (!req) throw new NotFoundError('Extension request', id, '延期申请');
    await this.tasks.findReadable(actor, req.taskId);
    return req;
  }

  async listExtensions(actor: Actor, filter: { taskId?: number; status?: ExtensionStatus }) {
    if (filter.taskId) await this.tasks.findReadable(actor, filter.taskId);
    return this.requests.listExtensions({
      taskId: filter.taskId,
      status: filter.status,
      scope: listScope(actor, 'extension.read'),
    });
  }

  // --- closing ---

  async requestClosing(actor: Actor, taskId: number, note: string): Promise<ClosingRequest> {
    const id = await this.txHost.withTransaction(async () => {
      const task = await this.tasks.findReadable(actor, taskId);
      this.requireActsForTask(actor, task, 'task.closing.request', 'request closing', '申请办结');
      assertTransition(task.status, 'submitted');
      const req = await this.requests.insertClosing({
        taskId,
        requestedById: actor.id,
        note,
        statusBefore: task.status,
        status: 'pending',
        requestedAt: this.clock.now(),
      });
      await this.tasks.setStatus(actor, task, 'submitted', 'closing.request', note || null);
      return req.id;
    });
    return this.requests.findClosing(id);
  }

  async decideClosing(actor: Actor, taskId: number, accept: boolean, text: string | null): Promise<ClosingRequest> {
    assertCan(actor, 'task.closing.decide', undefined, {
      en: 'Only a lead accepts or sends back a closing request',
      zh: '只有专班负责人可以办结销号或退回办结申请',
    });
    const id = await this.txHost.withTransaction(async () => {
      const task = await this.tasks.findReadable(actor, taskId);
      if (task.status !== 'submitted') {
        throw new ConflictError(
          'The task has no pending closing request',
          '该任务没有待审批的办结申请',
          'no_closing_request',
        );
      }
      // A task imported as already submitted may have no request on record: the decision then records one, and
      // nobody's own request is being decided.
      const pending = await this.requests.pendingClosingOf(taskId);
      if (pending) assertNotOwn(actor, pending.requestedById, 'closing', this.config.security.separationOfDuties);
      const req =
        pending ??
        (await this.requests.insertClosing({
          taskId,
          requestedById: actor.id,
          note: '',
          statusBefore: 'in_progress',
          status: 'pending',
          requestedAt: this.clock.now(),
        }));
      await this.requests.updateClosing(req.id, {
        status: accept ? 'accepted' : 'returned',
        decidedById: actor.id,
        decidedAt: this.clock.now(),
        reason: text,
      });
      const to = accept ? 'closed' : req.statusBefore === 'assigned' ? 'in_progress' : req.statusBefore;
      await this.tasks.setStatus(actor, task, to, accept ? 'closing.accept' : 'closing.return', text);
      return req.id;
    });
    return this.requests.findClosing(id);
  }

  /** The task's closing requests, newest first, each with what the caller may do to it (add attachments). */
  async listClosing(actor: Actor, taskId: number): Promise<(ClosingRequest & { allowedActions: Action[] })[]> {
    const task = await this.tasks.findReadable(actor, taskId);
    return (await this.requests.closingsOf(taskId)).map((c) => ({
      ...c,
      // the lead unit adds its closing materials while the request awaits a decision
      allowedActions: attachmentUploadActions(actor, { unitId: task.leadUnitId, editable: c.status === 'pending' }),
    }));
  }
}
