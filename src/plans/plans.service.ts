// Plans and their work items: reading them with task counts, creating and editing them, each change audited.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { Task } from '../tasks/task.entity';
import { Plan } from './plan.entity';
import type { CreatePlanDto, CreateWorkItemDto, UpdatePlanDto, UpdateWorkItemDto } from './plan.dto';
import { WorkItem } from './work-item.entity';

const PLAN_AUDITED: (keyof Plan)[] = ['code', 'title', 'titleEn', 'description', 'startDate', 'endDate', 'sourceRef'];
const WORK_ITEM_AUDITED: (keyof WorkItem)[] = ['planId', 'code', 'seq', 'title', 'titleEn', 'description'];

export type WorkItemWithCount = WorkItem & { taskCount: number };
export type PlanWithWorkItems = Plan & { workItems: WorkItemWithCount[] };

@Injectable()
export class PlansService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @InjectRepository(Plan) private readonly plans: Repository<Plan>,
    @InjectRepository(WorkItem) private readonly workItems: Repository<WorkItem>,
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<Plan[]> {
    return this.plans.find({ order: { id: 'ASC' } });
  }

  /** The plan with its work items in order, each with the number of its tasks (subtasks included). */
  async get(id: number): Promise<PlanWithWorkItems> {
    const plan = await this.plans.findOneBy({ id });
    if (!plan) throw new NotFoundError('Plan', id, '工作计划');
    const items = await this.workItems.find({ where: { planId: id }, order: { seq: 'ASC', id: 'ASC' } });
    return { ...plan, workItems: await this.withTaskCounts(items) };
  }

  async create(actor: Actor, dto: CreatePlanDto): Promise<Plan> {
    checkDates(dto.startDate ?? null, dto.endDate ?? null);
    return this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      await this.requireFreePlanCode(em, dto.code);
      const plan = await em.save(Plan, em.create(Plan, { ...present(dto), source: 'user' }));
      await this.audit.recordCreate(em, actor, 'plan', plan.id, plan, PLAN_AUDITED);
      return plan;
    });
  }

  async update(actor: Actor, id: number, dto: UpdatePlanDto): Promise<Plan> {
    return this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      const plan = await em.findOneBy(Plan, { id });
      if (!plan) throw new NotFoundError('Plan', id, '工作计划');
      if (dto.code !== undefined && dto.code !== plan.code) await this.requireFreePlanCode(em, dto.code);
      const before = { ...plan };
      Object.assign(plan, present(dto));
      checkDates(plan.startDate, plan.endDate);
      await em.save(plan);
      await this.audit.recordUpdate(em, actor, 'plan', id, before, plan, PLAN_AUDITED);
      return plan;
    });
  }

  /** Work items in plan order; with `planId`, only that plan's (an unknown plan is a 400 naming planId). */
  async listWorkItems(planId?: number): Promise<WorkItemWithCount[]> {
    if (planId !== undefined) await this.requirePlan(this.plans.manager, planId);
    const items = await this.workItems.find({
      where: planId !== undefined ? { planId } : {},
      order: { planId: 'ASC', seq: 'ASC', id: 'ASC' },
    });
    return this.withTaskCounts(items);
  }

  async getWorkItem(id: number): Promise<WorkItemWithCount> {
    const item = await this.workItems.findOneBy({ id });
    if (!item) throw new NotFoundError('Work item', id, '工作事项');
    return (await this.withTaskCounts([item]))[0];
  }

  async createWorkItem(actor: Actor, dto: CreateWorkItemDto): Promise<WorkItem> {
    return this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      await this.requirePlan(em, dto.planId);
      await this.requireFreeWorkItemCode(em, dto.planId, dto.code);
      let seq = dto.seq;
      if (seq === undefined) {
        const last = await em
          .createQueryBuilder(WorkItem, 'w')
          .select('MAX(w.seq)', 'max')
          .where('w.planId = :planId', { planId: dto.planId })
          .getRawOne<{ max: number | null }>();
        seq = (last?.max ?? 0) + 1;
      }
      const item = await em.save(WorkItem, em.create(WorkItem, { ...present(dto), seq, source: 'user' }));
      await this.audit.recordCreate(em, actor, 'work_item', item.id, item, WORK_ITEM_AUDITED);
      return item;
    });
  }

  async updateWorkItem(actor: Actor, id: number, dto: UpdateWorkItemDto): Promise<WorkItem> {
    return this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      const item = await em.findOneBy(WorkItem, { id });
      if (!item) throw new NotFoundError('Work item', id, '工作事项');
      if (dto.code !== undefined && dto.code !== item.code) {
        await this.requireFreeWorkItemCode(em, item.planId, dto.code);
      }
      const before = { ...item };
      Object.assign(item, present(dto));
      await em.save(item);
      await this.audit.recordUpdate(em, actor, 'work_item', id, before, item, WORK_ITEM_AUDITED);
      return item;
    });
  }

  private async withTaskCounts(items: WorkItem[]): Promise<WorkItemWithCount[]> {
    if (!items.length) return [];
    const rows = await this.tasks
      .createQueryBuilder('t')
      .select('t.workItemId', 'workItemId')
      .addSelect('COUNT(*)', 'count')
      .where('t.workItemId IN (:...ids)', { ids: items.map((w) => w.id) })
      .groupBy('t.workItemId')
      .getRawMany<{ workItemId: number; count: number | string }>();
    const counts = new Map(rows.map((r) => [Number(r.workItemId), Number(r.count)]));
    return items.map((w) => Object.assign(w, { taskCount: counts.get(w.id) ?? 0 }));
  }

  private async requirePlan(em: EntityManager, planId: number): Promise<void> {
    if (!(await em.existsBy(Plan, { id: planId }))) {
      throw new InvalidFieldError('planId', `unknown plan ${planId}`, `工作计划 ${planId} 不存在`, 'unknown_plan');
    }
  }

  private async requireFreePlanCode(em: EntityManager, code: string): Promise<void> {
    if (await em.existsBy(Plan, { code })) {
      throw new ConflictError(`A plan with code ${code} exists`, `工作计划代码 ${code} 已存在`, 'duplicate_code');
    }
  }

  private async requireFreeWorkItemCode(em: EntityManager, planId: number, code: string): Promise<void> {
    if (await em.existsBy(WorkItem, { planId, code })) {
      throw new ConflictError(
        `The plan already has a work item with code ${code}`,
        `该工作计划已有代码为 ${code} 的工作事项`,
        'duplicate_code',
      );
    }
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
