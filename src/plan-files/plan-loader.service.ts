// Loads a plan file (zhuanban-plan/1): the whole file is checked first, then units, users, the plan, its work
// items, indicators, tasks and reports are written in one transaction, tasks, links and reports in batches. Units and users are shared across plans:
// they are only upserted, never deleted. It sits above the features: replacing a plan deletes, in the same
// transaction, its dispatch rounds, bulletins and meetings through their repositories, the mail written about
// them, and its tasks, reports, indicators and work items through theirs, so no row is left pointing at the plan
// that went.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AttachmentsRepository } from '../attachments/attachments.repository';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { StatisticsService } from '../database/statistics';
import { AuditService } from '../audit/audit.service';
import { WorkingDaysService } from '../calendar/working-days.service';
import { ClockService, zonedTime } from '../common/clock.service';
import { collectGarbage } from '../common/garbage';
import { addDays } from '../common/dates';
import { ConflictError } from '../common/errors';
import { BulletinsRepository } from '../bulletins/bulletins.repository';
import { DispatchRepository } from '../dispatch/dispatch.repository';
import type { ValueSource } from '../indicators/indicator-value.entity';
import { IndicatorsRepository } from '../indicators/indicators.repository';
import { OutboxService } from '../mail/outbox.service';
import { MeetingsRepository } from '../meetings/meetings.repository';
import { PlansRepository } from '../plans/plans.repository';
import { ReportsRepository } from '../reports/reports.repository';
import { TaskRequestsRepository } from '../tasks/task-requests.repository';
import { TasksRepository } from '../tasks/tasks.repository';
import { AcknowledgementsService } from '../acknowledgements/acknowledgements.service';
import { UnitsRepository } from '../units/units.repository';
import { UsersRepository } from '../users/users.repository';
import { flattenTasks, parsePlanFile, PlanFileError, type FlatTask, type PlanFile } from './plan-file';

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

/** The kinds of mail about a meeting, the first part of their keys (`<kind>:<meetingId>:…`). */
const MEETING_MAIL_KINDS = [
  'meeting.invitation',
  'meeting.update',
  'meeting.cancelled',
  'meeting.minutes',
  'reminder.letter',
];

/** Tasks and reports from which a plan file counts as large: the garbage its reading leaves is collected. */
const LARGE_FILE = 10_000;

/** Tasks (or their links) built and written together while a plan is loaded. */
const LOAD_CHUNK = 2000;

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
    private readonly plans: PlansRepository,
    private readonly units: UnitsRepository,
    private readonly users: UsersRepository,
    private readonly taskRecords: TasksRepository,
    private readonly taskRequests: TaskRequestsRepository,
    private readonly indicatorRecords: IndicatorsRepository,
    private readonly reports: ReportsRepository,
    private readonly rounds: DispatchRepository,
    private readonly bulletins: BulletinsRepository,
    private readonly meetings: MeetingsRepository,
    private readonly outbox: OutboxService,
    private readonly workingDays: WorkingDaysService,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    private readonly statistics: StatisticsService,
    private readonly attachments: AttachmentsRepository,
    private readonly acknowledgements: AcknowledgementsService,
  ) {}

  async isEmpty(): Promise<boolean> {
    return this.plans.hasNoPlan();
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
    const file = parsePlanFile(raw, { knownUnitCodes: await this.units.codes(), label: path });
    raw = undefined;
    // the file's text and raw objects go before the write begins, not after it
    if (file.tasks.length + file.reports.length >= LARGE_FILE) collectGarbage();
    return file;
  }

  async loadFile(actor: Actor, path: string, options: PlanLoadOptions = {}): Promise<PlanLoadSummary> {
    const file = await this.readFile(path);
    return this.load(actor, file, path, options);
  }

  async load(actor: Actor, file: PlanFile, origin: string, options: PlanLoadOptions = {}): Promise<PlanLoadSummary> {
    // argon2 is slow by design: hash outside the transaction, for the accounts that do not exist yet.
    const taken = new Set(await this.users.lowerCasedEmails());
    const hashes = new Map<string, string>();
    for (const u of file.users) {
      if (!taken.has(u.email.toLowerCase())) hashes.set(u.email.toLowerCase(), await hashPassword(u.password));
    }

    const summary = await this.txHost.withTransaction(async () => {
      const previous = await this.plans.findPlanByCode(file.plan.code);
      if (previous && !options.replace) {
        throw new ConflictError(
          `Plan ${file.plan.code} is already loaded`,
          `工作计划 ${file.plan.code} 已导入`,
          'plan_exists',
        );
      }
      if (previous) await this.deletePlan(previous.id);

      const unitIds = await this.upsertUnits(file);
      const usersCreated = await this.createUsers(file, hashes, unitIds);
      const plan = await this.plans.insertPlan({
        code: file.plan.code,
        title: file.plan.title,
        titleEn: file.plan.titleEn,
        description: file.plan.description,
        startDate: file.plan.startDate,
        endDate: file.plan.endDate,
        source: file.plan.source,
        sourceRef: file.plan.sourceRef,
      });
      const workItemIds = new Map<string, number>();
      for (const [i, w] of file.workItems.entries()) {
        const { id } = await this.plans.insertWorkItem({
          planId: plan.id,
          code: w.code,
          seq: w.seq ?? i + 1,
          title: w.title,
          titleEn: w.titleEn,
          description: w.description,
          source: w.source,
        });
        workItemIds.set(w.code, id);
      }
      const indicatorIds = await this.createIndicators(file, plan.id, workItemIds, actor);
      const tasks = flattenTasks(file.tasks);
      const taskIds = await this.createTasks(tasks, plan.id, workItemIds, unitIds, indicatorIds, actor);
      await this.createReports(file, tasks, taskIds, unitIds, indicatorIds);

      const changes = [{ field: 'file', from: null, to: origin }];
      if (previous) changes.push({ field: 'replacedPlanId', from: null, to: String(previous.id) });
      await this.audit.record(actor, 'plan', plan.id, 'plan.load', changes);
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
    // A plan is a bulk write: the planner's statistics follow it.
    await this.statistics.refresh();
    return summary;
  }

  /**
   * Deletes a plan and everything that hangs from it, each feature's rows through its repository; units and users
   * stay. The audit log keeps its rows about what was deleted (it is the record of who changed what), and the new
   * plan's load records which plan it replaced; mail already sent stays on record, mail not yet sent is dropped.
   */
  private async deletePlan(planId: number): Promise<void> {
    const roundIds = await this.rounds.deleteByPlan(planId);
    const bulletinIds = await this.bulletins.deleteByPlan(planId);
    const meetingIds = await this.meetings.deleteByPlan(planId);

    const taskIds = await this.taskRecords.idsOfPlan(planId);
    const indicatorIds = await this.indicatorRecords.idsOfPlan(planId);
    const reportIds = await this.reports.idsOfTasks(taskIds);
    // the files on the plan's reports, requests, meetings and decisions go with them
    await this.attachments.deleteOfPlanObjects(taskIds, meetingIds);
    await this.indicatorRecords.deleteValuesOf(indicatorIds, reportIds);
    await this.reports.deleteOfTasks(taskIds);
    await this.taskRequests.deleteOfTasks(taskIds);
    await this.taskRecords.deleteLinks(taskIds, indicatorIds);
    await this.indicatorRecords.deleteOfPlan(planId);
    await this.taskRecords.deleteOfPlan(planId, taskIds.length);
    await this.plans.deleteWorkItemsOf(planId);
    await this.plans.deletePlan(planId);

    // Mail about what went is not sent any more (its keys name the round, bulletin, meeting or task).
    await this.outbox.discard(
      roundIds.map((id) => `dispatch.late:${id}`),
      [
        ...roundIds.flatMap((id) => [`dispatch.request:${id}:`, `dispatch.reminder:${id}:`, `dispatch.late:${id}:`]),
        ...bulletinIds.map((id) => `bulletin:${id}:`),
        ...meetingIds.flatMap((id) => MEETING_MAIL_KINDS.map((kind) => `${kind}:${id}:`)),
        ...taskIds.map((id) => `escalation:${id}:`),
      ],
    );
  }

  private async upsertUnits(file: PlanFile): Promise<Map<string, number>> {
    const existing = await this.units.all();
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
      byCode.set(u.code, unit ? await this.units.save(Object.assign(unit, fields)) : await this.units.insert(fields));
    }
    return new Map([...byCode].map(([code, unit]) => [code, unit.id]));
  }

  private async createUsers(
    file: PlanFile,
    hashes: Map<string, string>,
    unitIds: Map<string, number>,
  ): Promise<number> {
    let created = 0;
    for (const u of file.users) {
      const passwordHash = hashes.get(u.email.toLowerCase());
      if (!passwordHash) continue;
      if (await this.users.emailTaken(u.email)) continue;
      await this.users.insertRow({
        email: u.email.toLowerCase(),
        displayName: u.displayName,
        role: u.role,
        unitId: u.unit ? (unitIds.get(u.unit) as number) : null,
        passwordHash,
        passwordChangedAt: this.clock.now(),
        locale: u.locale,
        wantsDigest: u.wantsDigest,
      });
      created++;
    }
    return created;
  }

  private async createIndicators(
    file: PlanFile,
    planId: number,
    workItemIds: Map<string, number>,
    actor: Actor,
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const ind of file.indicators) {
      const { id } = await this.indicatorRecords.save(
        this.indicatorRecords.build({
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
      ids.set(ind.code, id);
      await this.indicatorRecords.insertValues(
        ind.values.map((v) => {
          const valueSource = VALUE_SOURCE[v.source];
          return {
            indicatorId: id,
            value: v.value,
            observedOn: v.date,
            source: valueSource,
            enteredById: valueSource === 'secretariat' ? actor.id || null : null,
            note: v.note,
          };
        }),
      );
    }
    return ids;
  }

  /**
   * Inserts the tasks in batches, a level of the task tree at a time (parents get their ids before their subtasks
   * are written), then their links to supporting units and indicators, and the closing requests of the tasks
   * loaded as submitted; nothing is saved row by row through an entity with relations.
   */
  private async createTasks(
    tasks: FlatTask[],
    planId: number,
    workItemIds: Map<string, number>,
    unitIds: Map<string, number>,
    indicatorIds: Map<string, number>,
    actor: Actor,
  ): Promise<Map<string, number>> {
    const timeZone = this.clock.timeZone;
    // The last working day before today: a closed task of the demo whose deadline is still ahead closed then.
    const lastWorkingDay = this.workingDays.onOrBeforeWorkingDay(addDays(this.clock.today(), -1));
    const depth = new Map<FlatTask, number>();
    const levelOf = (f: FlatTask): number => {
      let d = depth.get(f);
      if (d === undefined) {
        d = f.parent ? levelOf(f.parent) + 1 : 0;
        depth.set(f, d);
      }
      return d;
    };
    const levels: FlatTask[][] = [];
    for (const f of tasks) (levels[levelOf(f)] ??= []).push(f);

    let ids = new Map<string, number>();
    const row = ({ task: t, parent, workItem }: FlatTask) => {
      const deadline =
        t.deadline ?? this.workingDays.addWorkingDays(t.startDate as string, t.deadlineWorkingDays as number);
      let closedOn: string | null = null;
      if (t.status === 'closed') {
        closedOn = t.closedOn ?? (deadline < lastWorkingDay ? deadline : lastWorkingDay);
        if (t.startDate && closedOn < t.startDate) closedOn = t.startDate;
      }
      return {
        planId,
        workItemId: workItemIds.get(workItem) as number,
        parentId: parent ? (ids.get(parent.task.code) as number) : null,
        code: t.code,
        title: t.title,
        titleEn: t.titleEn,
        description: t.description,
        leadUnitId: unitIds.get(t.leadUnit) as number,
        ownerId: null,
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
        decisionId: null,
        closedOn,
        closedAt: closedOn ? zonedTime(closedOn, '17:00', timeZone) : null,
        createdById: actor.id || null,
      };
    };
    // a chunk of rows at a time: the rows of 100,000 tasks are not all held at once
    for (const level of levels) {
      for (let i = 0; i < level.length; i += LOAD_CHUNK) {
        await this.taskRecords.insertMany(level.slice(i, i + LOAD_CHUNK).map(row));
      }
      ids = await this.taskRecords.idsByCode(planId);
    }

    for (let i = 0; i < tasks.length; i += LOAD_CHUNK) {
      const supporting: { taskId: number; unitId: number }[] = [];
      const indicators: { taskId: number; indicatorId: number }[] = [];
      const assigned: { kind: 'task'; subjectId: number; taskId: number; unitIds: number[] }[] = [];
      for (const { task: t } of tasks.slice(i, i + LOAD_CHUNK)) {
        const taskId = ids.get(t.code) as number;
        for (const code of t.supportingUnits) supporting.push({ taskId, unitId: unitIds.get(code) as number });
        for (const code of t.indicators) indicators.push({ taskId, indicatorId: indicatorIds.get(code) as number });
        // a task the file gives as just assigned asks its units to acknowledge it (签收); one already in progress,
        // blocked or put forward for closing was evidently received, and a draft, closed or cancelled one asks nobody
        if (t.status === 'assigned') {
          const units = [t.leadUnit, ...t.supportingUnits].map((code) => unitIds.get(code) as number);
          assigned.push({ kind: 'task', subjectId: taskId, taskId, unitIds: units });
        }
      }
      await this.taskRecords.insertLinks(supporting, indicators);
      // the plan's tasks were inserted just now: nobody was asked yet
      await this.acknowledgements.requestMany(assigned, true);
    }
    await this.recordClosingRequests(
      tasks
        .filter((f) => f.task.status === 'submitted')
        .map((f) => ({ id: ids.get(f.task.code) as number, leadUnitId: unitIds.get(f.task.leadUnit) as number })),
      timeZone,
    );
    return ids;
  }

  /** A task loaded as submitted for closing gets its request, filed by a user of its lead unit, if it has one. */
  private async recordClosingRequests(tasks: { id: number; leadUnitId: number }[], timeZone: string): Promise<void> {
    const day = this.workingDays.onOrBeforeWorkingDay(addDays(this.clock.today(), -1));
    const requesters = new Map<number, number | null>();
    const rows = [];
    for (const task of tasks) {
      if (!requesters.has(task.leadUnitId)) {
        requesters.set(task.leadUnitId, (await this.users.closingRequesterOf(task.leadUnitId))?.id ?? null);
      }
      const requestedById = requesters.get(task.leadUnitId);
      if (!requestedById) continue;
      rows.push({
        taskId: task.id,
        requestedById,
        note: '',
        statusBefore: 'in_progress' as const,
        status: 'pending' as const,
        requestedAt: zonedTime(day, '10:00', timeZone),
      });
    }
    await this.taskRequests.insertClosingRows(rows);
  }

  /**
   * Inserts the reports in the order they were filed, in batches; a report that carries indicator values is
   * written alone, so its values can name it.
   */
  private async createReports(
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
    let batch: Parameters<ReportsRepository['insertMany']>[0] = [];
    const flush = async () => {
      await this.reports.insertMany(batch);
      batch = [];
    };
    for (const { r } of ordered) {
      const byLead = leadUnit.get(r.task) === r.unit;
      const row = {
        taskId: taskIds.get(r.task) as number,
        unitId: unitIds.get(r.unit) as number,
        period: r.period,
        text: r.text,
        percent: r.percent,
        progressBefore: byLead ? (lastLeadPercent.get(r.task) ?? 0) : null,
        problems: r.problems,
        nextSteps: r.nextSteps,
        needsCoordination: r.needsCoordination,
        status: 'accepted' as const,
        filedAt: zonedTime(r.filedOn, '10:00', this.clock.timeZone),
        filedOn: r.filedOn,
        source: r.source,
      };
      if (byLead) lastLeadPercent.set(r.task, r.percent);
      if (!r.indicatorValues.length) {
        batch.push(row);
        if (batch.length >= 500) await flush();
        continue;
      }
      await flush();
      const { id: reportId } = await this.reports.insert(row);
      await this.indicatorRecords.insertValues(
        r.indicatorValues.map((v) => ({
          indicatorId: indicatorIds.get(v.indicator) as number,
          value: v.value,
          observedOn: r.filedOn,
          source: 'report' as const,
          reportId,
        })),
      );
    }
    await flush();
  }
}
