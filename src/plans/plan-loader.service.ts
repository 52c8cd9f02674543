// Loads a plan file (zhuanban-plan/1): the whole file is checked first, then units, users, the plan, its work
// items, indicators, tasks and reports are written in one transaction. Units and users are shared across plans:
// they are only upserted, never deleted.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { AuditService } from '../audit/audit.service';
import { WorkingDaysService } from '../calendar/working-days.service';
import { ClockService, zonedTime } from '../common/clock.service';
import { addDays } from '../common/dates';
import { ConflictError } from '../common/errors';
import { IndicatorValue, type ValueSource } from '../indicators/indicator-value.entity';
import { Indicator } from '../indicators/indicator.entity';
import { ProgressReport } from '../reports/progress-report.entity';
import { Bulletin } from '../bulletins/bulletin.entity';
import { DispatchRound } from '../dispatch/dispatch-round.entity';
import { ClosingRequest } from '../tasks/closing-request.entity';
import { ExtensionRequest } from '../tasks/extension-request.entity';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { flattenTasks, parsePlanFile, PlanFileError, type FlatTask, type PlanFile } from './plan-file';
import { Plan } from './plan.entity';
import { WorkItem } from './work-item.entity';

export interface PlanLoadOptions {
  /** Delete the plan with the same code (its tasks, reports, indicators…) and load the file in its place. */
  replace?: boolean;
}

export interface PlanLoadSummary {
  planId: number;
  /** Units created or updated. */
  units: number;
  /** Users created (existing accounts are left as they are). */
  users: number;
  workItems: number;
  /** Tasks including subtasks. */
  tasks: number;
  indicators: number;
  reports: number;
}

/** Values entered for the demo count as entered by the secretariat. */
const VALUE_SOURCE: Record<string, ValueSource> = {
  document: 'document',
  demo: 'secretariat',
  secretariat: 'secretariat',
};

@Injectable()
export class PlanLoaderService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @InjectRepository(Plan) private readonly plans: Repository<Plan>,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
    private readonly workingDays: WorkingDaysService,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
  ) {}

  async isEmpty(): Promise<boolean> {
    return (await this.plans.count()) === 0;
  }

  /** Reads and checks a plan file without writing anything; units already in the database may be named. */
  async readFile(path: string): Promise<PlanFile> {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(resolve(path), 'utf8'));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT') throw new PlanFileError(`${path}: no such file`);
      if (err instanceof SyntaxError) throw new PlanFileError(`${path}: not valid JSON (${err.message})`);
      throw new PlanFileError(`${path}: ${err.message}`);
    }
    const known = await this.units.find({ select: { code: true } });
    return parsePlanFile(raw, { knownUnitCodes: known.map((u) => u.code), label: path });
  }

  async loadFile(actor: Actor, path: string, options: PlanLoadOptions = {}): Promise<PlanLoadSummary> {
    const file = await this.readFile(path);
    return this.load(actor, file, path, options);
  }

  async load(actor: Actor, file: PlanFile, origin: string, options: PlanLoadOptions = {}): Promise<PlanLoadSummary> {
    // argon2 is slow by design: hash outside the transaction, for the accounts that do not exist yet.
    const existing = await this.users
      .createQueryBuilder('u')
      .select('LOWER(u.email)', 'email')
      .getRawMany<{ email: string }>();
    const taken = new Set(existing.map((u) => u.email));
    const hashes = new Map<string, string>();
    for (const u of file.users) {
      if (!taken.has(u.email.toLowerCase())) hashes.set(u.email.toLowerCase(), await hashPassword(u.password));
    }

    return this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      const previous = await em.findOneBy(Plan, { code: file.plan.code });
      if (previous && !options.replace) {
        throw new ConflictError(
          `Plan ${file.plan.code} is already loaded`,
          `工作计划 ${file.plan.code} 已导入`,
          'plan_exists',
        );
      }
      if (previous) await this.deletePlan(em, previous.id);

      const unitIds = await this.upsertUnits(em, file);
      const usersCreated = await this.createUsers(em, file, hashes, unitIds);
      const plan = await em.save(
        Plan,
        em.create(Plan, {
          code: file.plan.code,
          title: file.plan.title,
          titleEn: file.plan.titleEn,
          description: file.plan.description,
          startDate: file.plan.startDate,
          endDate: file.plan.endDate,
          source: file.plan.source,
          sourceRef: file.plan.sourceRef,
        }),
      );
      const workItemIds = new Map<string, number>();
      for (const [i, w] of file.workItems.entries()) {
        const saved = await em.save(
          WorkItem,
          em.create(WorkItem, {
            planId: plan.id,
            code: w.code,
            seq: w.seq ?? i + 1,
            title: w.title,
            titleEn: w.titleEn,
            description: w.description,
            source: w.source,
          }),
        );
        workItemIds.set(w.code, saved.id);
      }
      const indicatorIds = await this.createIndicators(em, file, plan.id, workItemIds, actor);
      const tasks = flattenTasks(file.tasks);
      const taskIds = await this.createTasks(em, tasks, plan.id, workItemIds, unitIds, indicatorIds, actor);
      await this.createReports(em, file, tasks, taskIds, unitIds, indicatorIds);

      const changes = [{ field: 'file', from: null, to: origin }];
      if (previous) changes.push({ field: 'replacedPlanId', from: null, to: String(previous.id) });
      await this.audit.record(em, actor, 'plan', plan.id, 'plan.load', changes);
      return {
        planId: plan.id,
        units: file.units.length,
        users: usersCreated,
        workItems: file.workItems.length,
        tasks: tasks.length,
        indicators: file.indicators.length,
        reports: file.reports.length,
      };
    });
  }

  /** Deletes a plan and everything that hangs from it; units and users stay. */
  private async deletePlan(em: EntityManager, planId: number): Promise<void> {
    // Rounds and bulletins of the plan go with it (their link tables cascade).
    await em.delete(DispatchRound, { planId });
    await em.delete(Bulletin, { planId });
    const taskIds = (await em.find(Task, { where: { planId }, select: { id: true } })).map((t) => t.id);
    const indicatorIds = (await em.find(Indicator, { where: { planId }, select: { id: true } })).map((i) => i.id);
    if (indicatorIds.length) await em.delete(IndicatorValue, { indicatorId: In(indicatorIds) });
    if (taskIds.length) {
      await em.delete(ProgressReport, { taskId: In(taskIds) });
      await em.delete(ExtensionRequest, { taskId: In(taskIds) });
      await em.delete(ClosingRequest, { taskId: In(taskIds) });
      for (const table of ['task_supporting_unit', 'task_indicator']) {
        await em.createQueryBuilder().delete().from(table).where('taskId IN (:...ids)', { ids: taskIds }).execute();
      }
    }
    if (indicatorIds.length) {
      await em
        .createQueryBuilder()
        .delete()
        .from('task_indicator')
        .where('indicatorId IN (:...ids)', { ids: indicatorIds })
        .execute();
    }
    await em.delete(Indicator, { planId });
    // Subtasks before their parents: a parent row cannot go while a child points to it.
    let remaining = taskIds.length;
    while (remaining > 0) {
      const leaves = await em
        .createQueryBuilder(Task, 't')
        .select('t.id', 'id')
        .where('t.planId = :planId', { planId })
        .andWhere('NOT EXISTS (SELECT 1 FROM task c WHERE c.parentId = t.id)')
        .getRawMany<{ id: number }>();
      if (!leaves.length) break;
      await em.delete(Task, { id: In(leaves.map((l) => l.id)) });
      remaining -= leaves.length;
    }
    await em.delete(WorkItem, { planId });
    await em.delete(Plan, { id: planId });
  }

  private async upsertUnits(em: EntityManager, file: PlanFile): Promise<Map<string, number>> {
    const existing = await em.find(Unit);
    const byCode = new Map(existing.map((u) => [u.code, u]));
    for (const u of file.units) {
      const fields = {
        code: u.code,
        name: u.name,
        nameEn: u.nameEn,
        kind: u.kind,
        mailbox: u.mailbox,
        supervisingLeaderName: u.supervisingLeader?.name ?? null,
        supervisingLeaderEmail: u.supervisingLeader?.email ?? null,
        locale: u.locale,
        source: u.source,
      };
      const unit = byCode.get(u.code);
      byCode.set(u.code, await em.save(Unit, unit ? Object.assign(unit, fields) : em.create(Unit, fields)));
    }
    return new Map([...byCode].map(([code, unit]) => [code, unit.id]));
  }

  private async createUsers(
    em: EntityManager,
    file: PlanFile,
    hashes: Map<string, string>,
    unitIds: Map<string, number>,
  ): Promise<number> {
    let created = 0;
    for (const u of file.users) {
      const passwordHash = hashes.get(u.email.toLowerCase());
      if (!passwordHash) continue;
      const exists = await em
        .createQueryBuilder(User, 'u')
        .where('LOWER(u.email) = LOWER(:email)', { email: u.email })
        .getExists();
      if (exists) continue;
      await em.insert(User, {
        email: u.email.toLowerCase(),
        displayName: u.displayName,
        role: u.role,
        unitId: u.unit ? (unitIds.get(u.unit) as number) : null,
        passwordHash,
        locale: u.locale,
        wantsDigest: u.wantsDigest,
      });
      created++;
    }
    return created;
  }

  private async createIndicators(
    em: EntityManager,
    file: PlanFile,
    planId: number,
    workItemIds: Map<string, number>,
    actor: Actor,
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const ind of file.indicators) {
      const saved = await em.save(
        Indicator,
        em.create(Indicator, {
          planId,
          workItemId: ind.workItem ? (workItemIds.get(ind.workItem) as number) : null,
          code: ind.code,
          name: ind.name,
          nameEn: ind.nameEn,
          measure: ind.measure,
          measureEn: ind.measureEn,
          baseline: ind.baseline,
          baselineDate: ind.baselineDate,
          target: ind.target,
          targetDate: ind.targetDate,
          direction: ind.direction,
          headline: ind.headline,
          source: ind.source,
          sourceQuote: ind.quote,
        }),
      );
      ids.set(ind.code, saved.id);
      for (const v of ind.values) {
        const valueSource = VALUE_SOURCE[v.source];
        await em.insert(IndicatorValue, {
          indicatorId: saved.id,
          value: v.value,
          observedOn: v.date,
          source: valueSource,
          enteredById: valueSource === 'secretariat' ? actor.id || null : null,
          note: v.note,
        });
      }
    }
    return ids;
  }

  private async createTasks(
    em: EntityManager,
    tasks: FlatTask[],
    planId: number,
    workItemIds: Map<string, number>,
    unitIds: Map<string, number>,
    indicatorIds: Map<string, number>,
    actor: Actor,
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const timeZone = this.clock.timeZone;
    // The last working day before today: a closed task of the demo whose deadline is still ahead closed then.
    const lastWorkingDay = this.workingDays.onOrBeforeWorkingDay(addDays(this.clock.today(), -1));
    // flattenTasks lists every parent before its subtasks
    for (const { task: t, parent, workItem } of tasks) {
      const deadline =
        t.deadline ?? this.workingDays.addWorkingDays(t.startDate as string, t.deadlineWorkingDays as number);
      let closedOn: string | null = null;
      if (t.status === 'closed') {
        closedOn = t.closedOn ?? (deadline < lastWorkingDay ? deadline : lastWorkingDay);
        if (t.startDate && closedOn < t.startDate) closedOn = t.startDate;
      }
      const saved = await em.save(
        Task,
        em.create(Task, {
          planId,
          workItemId: workItemIds.get(workItem) as number,
          parentId: parent ? (ids.get(parent.task.code) as number) : null,
          code: t.code,
          title: t.title,
          titleEn: t.titleEn,
          description: t.description,
          leadUnitId: unitIds.get(t.leadUnit) as number,
          ownerName: t.owner,
          startDate: t.startDate,
          deadline,
          originalDeadline: deadline,
          deadlineWorkingDays: t.deadlineWorkingDays,
          recurrence: t.recurrence,
          priority: t.priority,
          status: t.status,
          progress: t.progress,
          tags: t.tags,
          source: t.source,
          sourceQuote: t.quote,
          closedOn,
          closedAt: closedOn ? zonedTime(closedOn, '17:00', timeZone) : null,
          createdById: actor.id || null,
          supportingUnits: t.supportingUnits.map((code) => ({ id: unitIds.get(code) }) as Unit),
          indicators: t.indicators.map((code) => ({ id: indicatorIds.get(code) }) as Indicator),
        }),
      );
      ids.set(t.code, saved.id);
      if (t.status === 'submitted') await this.recordClosingRequest(em, saved, timeZone);
    }
    return ids;
  }

  /** A task loaded as submitted for closing gets its request, filed by a user of its lead unit, if it has one. */
  private async recordClosingRequest(em: EntityManager, task: Task, timeZone: string): Promise<void> {
    const requester = await em
      .createQueryBuilder(User, 'u')
      .where('u.unitId = :unitId', { unitId: task.leadUnitId })
      .orderBy("CASE WHEN u.role = 'liaison' THEN 0 ELSE 1 END")
      .addOrderBy('u.id')
      .getOne();
    if (!requester) return;
    const day = this.workingDays.onOrBeforeWorkingDay(addDays(this.clock.today(), -1));
    await em.insert(ClosingRequest, {
      taskId: task.id,
      requestedById: requester.id,
      note: '',
      statusBefore: 'in_progress',
      status: 'pending',
      requestedAt: zonedTime(day, '10:00', timeZone),
    });
  }

  private async createReports(
    em: EntityManager,
    file: PlanFile,
    tasks: FlatTask[],
    taskIds: Map<string, number>,
    unitIds: Map<string, number>,
    indicatorIds: Map<string, number>,
  ): Promise<void> {
    const leadUnit = new Map(tasks.map((f) => [f.task.code, f.task.leadUnit]));
    // progressBefore: the lead unit's previous report on the task, in the order they were filed
    const ordered = file.reports
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.filedOn.localeCompare(b.r.filedOn) || a.i - b.i);
    const lastLeadPercent = new Map<string, number>();
    for (const { r } of ordered) {
      const byLead = leadUnit.get(r.task) === r.unit;
      const report = await em.save(
        ProgressReport,
        em.create(ProgressReport, {
          taskId: taskIds.get(r.task) as number,
          unitId: unitIds.get(r.unit) as number,
          period: r.period,
          text: r.text,
          percent: r.percent,
          progressBefore: byLead ? (lastLeadPercent.get(r.task) ?? 0) : null,
          problems: r.problems,
          nextSteps: r.nextSteps,
          needsCoordination: r.needsCoordination,
          status: 'accepted',
          filedAt: zonedTime(r.filedOn, '10:00', this.clock.timeZone),
          filedOn: r.filedOn,
          source: r.source,
        }),
      );
      if (byLead) lastLeadPercent.set(r.task, r.percent);
      for (const v of r.indicatorValues) {
        await em.insert(IndicatorValue, {
          indicatorId: indicatorIds.get(v.indicator) as number,
          value: v.value,
          observedOn: r.filedOn,
          source: 'report',
          reportId: report.id,
        });
      }
    }
  }
}
