// Plans and their work items: reading them with task counts, creating and editing them, each change audited.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { isUniqueViolation } from '../database/sql';
import type { Plan } from './plan.entity';
import type { CreatePlanDto, CreateWorkItemDto, UpdatePlanDto, UpdateWorkItemDto } from './plan.dto';
import { PlansRepository } from './plans.repository';
import type { WorkItem } from './work-item.entity';

const PLAN_AUDITED: (keyof Plan)[] = ['code', 'title', 'titleEn', 'description', 'startDate', 'endDate', 'sourceRef'];
const WORK_ITEM_AUDITED: (keyof WorkItem)[] = ['planId', 'code', 'seq', 'title', 'titleEn', 'description'];

export type WorkItemWithCount = WorkItem & { taskCount: number };
export type PlanWithWorkItems = Plan & { workItems: WorkItemWithCount[] };

function duplicatePlanCode(code: string): ConflictError {
  return new ConflictError(`A plan with code ${code} exists`, `工作计划代码 ${code} 已存在`, 'duplicate_code', 'code');
}

function duplicateWorkItemCode(code: string): ConflictError {
  return new ConflictError(
    `The plan already has a work item with code ${code}`,
    `该工作计划已有代码为 ${code} 的工作事项`,
    'duplicate_code',
    'code',
  );
}

/** A code taken by a concurrent request is caught by the unique index. */
async function unique<T>(conflict: () => ConflictError, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict();
    throw e;
  }
}

@Injectable()
export class PlansService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: PlansRepository,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<Plan[]> {
    return this.repo.allPlans();
  }

  /** The plan with its work items in order, each with the number of its tasks (subtasks included). */
  async get(id: number): Promise<PlanWithWorkItems> {
    const plan = await this.repo.findPlan(id);
    if (!plan) throw new NotFoundError('Plan', id, '工作计划');
    const items = await this.repo.workItemsOf(id);
    return { ...plan, workItems: await this.withTaskCounts(items) };
  }

  async create(actor: Actor, dto: CreatePlanDto): Promise<Plan> {
    checkDates(dto.startDate ?? null, dto.endDate ?? null);
    return this.txHost.withTransaction(async () => {
      await this.requireFreePlanCode(dto.code);
      const plan = await unique(
        () => duplicatePlanCode(dto.code),
        () => this.repo.insertPlan({ ...present(dto), source: 'user' }),
      );
      await this.audit.recordCreate(actor, 'plan', plan.id, plan, PLAN_AUDITED);
      return plan;
    });
  }

  async update(actor: Actor, id: number, dto: UpdatePlanDto): Promise<Plan> {
    return this.txHost.withTransaction(async () => {
      const plan = await this.repo.findPlan(id);
      if (!plan) throw new NotFoundError('Plan', id, '工作计划');
      if (dto.code !== undefined && dto.code !== plan.code) await this.requireFreePlanCode(dto.code);
      const before = { ...plan };
      Object.assign(plan, present(dto));
      checkDates(plan.startDate, plan.endDate);
      await unique(
        () => duplicatePlanCode(plan.code),
        () => this.repo.savePlan(plan),
      );
      await this.audit.recordUpdate(actor, 'plan', id, before, plan, PLAN_AUDITED);
      return plan;
    });
  }

  /** Work items in plan order; with `planId`, only that plan's (an unknown plan is a 400 naming planId). */
  async listWorkItems(planId?: number): Promise<WorkItemWithCount[]> {
    if (planId !== undefined) await this.requirePlan(planId);
    return this.withTaskCounts(await this.repo.workItemsOf(planId));
  }

  async getWorkItem(id: number): Promise<WorkItemWithCount> {
    const item = await this.repo.findWorkItem(id);
    if (!item) throw new NotFoundError('Work item', id, '工作事项');
    return (await this.withTaskCounts([item]))[0];
  }

  async createWorkItem(actor: Actor, dto: CreateWorkItemDto): Promise<WorkItem> {
    return this.txHost.withTransaction(async () => {
      await this.requirePlan(dto.planId);
      await this.requireFreeWorkItemCode(dto.planId, dto.code);
      const seq = dto.seq ?? (await this.repo.lastWorkItemSeq(dto.planId)) + 1;
      const item = await unique(
        () => duplicateWorkItemCode(dto.code),
        () => this.repo.insertWorkItem({ ...present(dto), seq, source: 'user' }),
      );
      await this.audit.recordCreate(actor, 'work_item', item.id, item, WORK_ITEM_AUDITED);
      return item;
    });
  }

  async updateWorkItem(actor: Actor, id: number, dto: UpdateWorkItemDto): Promise<WorkItem> {
    return this.txHost.withTransaction(async () => {
      const item = await this.repo.findWorkItem(id);
      if (!item) throw new NotFoundError('Work item', id, '工作事项');
      if (dto.code !== undefined && dto.code !== item.code) {
        await this.requireFreeWorkItemCode(item.planId, dto.code);
      }
      const before = { ...item };
      Object.assign(item, present(dto));
      await unique(
        () => duplicateWorkItemCode(item.code),
        () => this.repo.saveWorkItem(item),
      );
      await this.audit.recordUpdate(actor, 'work_item', id, before, item, WORK_ITEM_AUDITED);
      return item;
    });
  }

  private async withTaskCounts(items: WorkItem[]): Promise<WorkItemWithCount[]> {
    if (!items.length) return [];
    const counts = await this.repo.taskCounts(items.map((w) => w.id));
    return items.map((w) => Object.assign(w, { taskCount: counts.get(w.id) ?? 0 }));
  }

  private async requirePlan(planId: number): Promise<void> {
    if (!(await this.repo.planExists(planId))) {
      throw new InvalidFieldError('planId', `unknown plan ${planId}`, `工作计划 ${planId} 不存在`, 'unknown_plan');
    }
  }

  private async requireFreePlanCode(code: string): Promise<void> {
    if (await this.repo.planCodeTaken(code)) throw duplicatePlanCode(code);
  }

  private async requireFreeWorkItemCode(planId: number, code: string): Promise<void> {
    if (await this.repo.workItemCodeTaken(planId, code)) throw duplicateWorkItemCode(code);
  }
}

/** The fields a request set: class fields the body left out may exist on the DTO as undefined. */
function present<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkDates(startDate: string | null, endDate: string | null): void {
  if (startDate && endDate && endDate < startDate) {
    throw new InvalidFieldError(
      'endDate',
      `must not be before startDate (${startDate})`,
      `不能早于开始日期 (${startDate})`,
      'date_order',
    );
  }
}
