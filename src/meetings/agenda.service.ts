// A meeting's agenda (议程): generated from the state of the plan on a date — headline indicators, matters needing
// coordination raised since the previous meeting, overdue and blocked tasks per unit, decisions of earlier meetings
// still open, deadlines ahead — then edited by the secretariat. Regenerating keeps what the secretariat did. The
// candidates are grouped queries; only the few rows an item names are loaded, so its cost does not follow the plan.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AuditService, type FieldChange } from '../audit/audit.service';
import { ClockService, dateInZone, zonedTime } from '../common/clock.service';
import { addDays } from '../common/dates';
import { InvalidFieldError, NotFoundError } from '../common/errors';
import { IndicatorsService } from '../indicators/indicators.service';
import { ReportsRepository } from '../reports/reports.repository';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { OPEN_STATUSES } from '../tasks/status-machine';
import type { Task, TaskStatus } from '../tasks/task.entity';
import { TasksRepository, type TaskGroupWhere } from '../tasks/tasks.repository';
import { TasksService } from '../tasks/tasks.service';
import { UnitsRepository } from '../units/units.repository';
import { UnitsService } from '../units/units.service';
import type { CreateAgendaItemDto, UpdateAgendaItemDto } from './agenda.dto';
import type { AgendaItem } from './agenda-item.entity';
import {
  AGENDA_MAX_ITEMS_LIMIT,
  agendaCandidates,
  DEADLINE_WINDOW_DAYS,
  FIRST_MEETING_LOOKBACK_DAYS,
  mergeAgenda,
  SHOWN_DEADLINES,
  SHOWN_PER_ITEM,
  SUGGESTED_MINUTES,
  worstFirst,
  type AgendaInput,
  type TaskRow,
  type UnitTaskGroup,
} from './agenda-rules';
import { assertAgendaOpen, requireOrganiser } from './meeting-policy';
import type { AgendaItemView, MeetingDetail } from './meeting-view';
import type { Meeting } from './meeting.entity';
import { MeetingsRepository, type NewAgendaItem } from './meetings.repository';
import { MeetingsService } from './meetings.service';

/** The fields regeneration may change, compared to decide whether a row is written. */
const MERGED_FIELDS = [
  'seq',
  'kind',
  'sources',
  'title',
  'titleEn',
  'detail',
  'detailEn',
  'leadUnitId',
  'presenter',
  'minutes',
  'stale',
] as const;

/** The statuses whose deadlines ahead the agenda lists (a task submitted for closing is done with). */
const AHEAD_STATUSES: TaskStatus[] = ['assigned', 'in_progress', 'blocked'];

const EDITABLE = ['title', 'titleEn', 'detail', 'detailEn', 'presenter', 'minutes', 'leadUnitId'] as const;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

@Injectable()
export class AgendaService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly items: MeetingsRepository,
    private readonly meetings: MeetingsService,
    private readonly tasks: TasksService,
    private readonly indicators: IndicatorsService,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly taskRecords: TasksRepository,
    private readonly reports: ReportsRepository,
    private readonly unitRecords: UnitsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // --- generation ---

  /** Generates the agenda from the state of the plan on `asOf` (today by default), keeping the secretariat's edits. */
  async generate(actor: Actor, meetingId: number, asOf?: string): Promise<MeetingDetail> {
    requireOrganiser(actor);
    const date = asOf ?? this.clock.today();
    await this.txHost.withTransaction(async () => {
      const meeting = await this.meetings.findForChange(meetingId);
      assertAgendaOpen(meeting);
      const candidates = agendaCandidates(await this.loadInput(meeting, date));
      const existing = await this.items.agendaOf(meetingId);
      const decisions = await this.items.decisionItemLinks(meetingId);
      const pinned = new Set([
        ...existing.filter((i) => i.notes.trim()).map((i) => i.id),
        ...decisions.map((d) => d.agendaItemId).filter((id): id is number => id !== null),
      ]);
      const merged = mergeAgenda(existing, candidates, pinned);

      await this.items.deleteAgendaItems(merged.dropped);
      const before = new Map(existing.map((i) => [i.id, i]));
      const added: NewAgendaItem[] = [];
      for (const item of merged.items) {
        const { id, ...fields } = item;
        const old = before.get(id);
        if (!old) {
          added.push({ ...fields, meetingId, notes: '' } as NewAgendaItem);
          continue;
        }
        const patch: Partial<AgendaItem> = {};
        for (const f of MERGED_FIELDS) {
          if (!same(old[f], item[f])) Object.assign(patch, { [f]: item[f] });
        }
        if (Object.keys(patch).length) await this.items.updateAgendaItem(id, patch);
      }
      // the new items in batches, after the changed ones have left the places they take
      await this.items.insertAgendaItems(added);
      await this.items.update(meetingId, { agendaAsOf: date });
      await this.audit.record(actor, 'meeting', meetingId, 'agenda.generate', [
        { field: 'agendaAsOf', from: meeting.agendaAsOf, to: date },
        {
          field: 'agenda',
          from: null,
          to: { added: merged.added, updated: merged.updated, stale: merged.stale, dropped: merged.dropped },
        },
      ]);
    });
    return this.meetings.detail(actor, meetingId);
  }

  /**
   * The rows the agenda is made of, as of the date: grouped counts from the database, and only the few rows each
   * item names (graded here, on the working-day calendar).
   */
  private async loadInput(meeting: Meeting, asOf: string): Promise<AgendaInput> {
    const tz = this.clock.timeZone;
    const planId = meeting.planId;
    const earlier = await this.items.earlierInPlan(planId, meeting.startsAt);
    const previous = earlier.at(-1) ?? null;
    const since = previous ? previous.startsAt : zonedTime(addDays(asOf, -FIRST_MEETING_LOOKBACK_DAYS), '00:00', tz);
    const maxItems = Math.min(this.config.meetings.agendaMaxItems, AGENDA_MAX_ITEMS_LIMIT);
    const row = (t: Task, nextDue = t.deadline): TaskRow => ({
      id: t.id,
      code: t.code,
      title: t.title,
      titleEn: t.titleEn,
      status: t.status,
      progress: t.progress,
      deadline: t.deadline,
      leadUnitId: t.leadUnitId,
      state: this.tasks.state(t, asOf),
      nextDue,
    });
    // Groups beyond the cap are only counted: the rows of the first `maxItems` groups of a kind are enough.
    const groupsOf = async (where: TaskGroupWhere): Promise<UnitTaskGroup[]> => {
      const counts = (await this.taskRecords.countsByLeadUnit(planId, where))
        .map((c) => ({ ...c, tasks: [] as TaskRow[] }))
        .sort(worstFirst);
      const shown = counts.slice(0, maxItems);
      const tasks = await this.taskRecords.firstOfLeadUnits(
        planId,
        where,
        shown.map((g) => g.unitId),
        SHOWN_PER_ITEM,
      );
      const byCode = (a: Task, b: Task) => a.deadline.localeCompare(b.deadline) || a.code.localeCompare(b.code);
      for (const g of shown)
        g.tasks = tasks
          .filter((t) => t.leadUnitId === g.unitId)
          .sort(byCode)
          .map((t) => row(t));
      return counts;
    };

    const indicators = await this.indicators.list({ planId, headline: true, asOf });
    const overdue = await groupsOf({ statuses: OPEN_STATUSES, deadlineBefore: asOf });
    const blocked = await groupsOf({ statuses: ['blocked'] });

    const finished = ['closed', 'cancelled'];
    const coordinationCounts = (await this.reports.coordinationCountsByUnit(planId, since, asOf, finished)).sort(
      (a, b) => b.count - a.count || a.firstFiledOn.localeCompare(b.firstFiledOn) || a.unitId - b.unitId,
    );
    const coordinationReports = await this.reports.firstCoordinationOfUnits(
      planId,
      since,
      asOf,
      finished,
      coordinationCounts.slice(0, maxItems).map((c) => c.unitId),
      SHOWN_PER_ITEM,
    );

    // Deadlines ahead: non-recurring tasks by their deadline in SQL, recurring ones by their next recurrence.
    const ahead = { statuses: AHEAD_STATUSES, deadlineAfter: asOf, deadlineUntil: addDays(asOf, DEADLINE_WINDOW_DAYS) };
    const plain = await this.taskRecords.firstAndCount(planId, ahead, SHOWN_DEADLINES);
    const nextDay = addDays(asOf, 1);
    const recurring = (await this.taskRecords.recurringOf(planId, AHEAD_STATUSES))
      .map((t) => ({ t, nextDue: this.tasks.state(t, nextDay).nextDueDate ?? t.deadline }))
      .filter((x) => x.nextDue > asOf && x.nextDue <= ahead.deadlineUntil);
    const soonest = [...plain.tasks.map((t) => ({ t, nextDue: t.deadline })), ...recurring]
      .sort((a, b) => a.nextDue.localeCompare(b.nextDue) || a.t.code.localeCompare(b.t.code, 'en', { numeric: true }))
      .slice(0, SHOWN_DEADLINES)
      .map((x) => row(x.t, x.nextDue));

    const order = new Map(earlier.map((m, i) => [m.id, i]));
    const decisions = earlier.length
      ? (await this.items.decisionsOfMeetings(earlier.map((m) => m.id))).sort(
          (a, b) => (order.get(a.meetingId) ?? 0) - (order.get(b.meetingId) ?? 0) || a.seq - b.seq || a.id - b.id,
        )
      : [];
    const decisionTasks = new Map(
      (await this.taskRecords.findByIds(decisions.map((d) => d.taskId).filter((id): id is number => id !== null))).map(
        (t) => [t.id, row(t)],
      ),
    );
    const meetingById = new Map(earlier.map((m) => [m.id, m]));

    const unitIds = [
      ...new Set(
        [
          meeting.conveningUnitId,
          ...overdue.map((g) => g.unitId),
          ...blocked.map((g) => g.unitId),
          ...coordinationCounts.map((c) => c.unitId),
          ...soonest.map((t) => t.leadUnitId),
          ...decisions.map((d) => d.leadUnitId),
          ...[...decisionTasks.values()].map((t) => t.leadUnitId),
        ].filter((id): id is number => id !== null),
      ),
    ];
    const units = await this.unitRecords.findByIds(unitIds);
    const unitMap = new Map(units.map((u) => [u.id, { id: u.id, name: u.name, nameEn: u.nameEn }]));

    return {
      asOf,
      deadlineUntil: ahead.deadlineUntil,
      convener: meeting.conveningUnitId === null ? null : (unitMap.get(meeting.conveningUnitId) ?? null),
      units: unitMap,
      maxItems,
      headlineIndicators: indicators.map((i) => ({
        id: i.id,
        name: i.name,
        nameEn: i.nameEn,
        measure: i.measure,
        measureEn: i.measureEn,
        target: i.target,
        targetDate: i.targetDate,
        latestValue: i.metrics.latestValue,
        latestOn: i.metrics.latestOn,
        latestValueId: i.metrics.latestValueId,
        achievementPercent: i.metrics.achievementPercent,
        proRataAtLatest: i.metrics.proRataAtLatest,
        proRataToday: i.metrics.proRataToday,
      })),
      coordination: coordinationCounts.map((c) => ({
        ...c,
        reports: coordinationReports
          .filter((r) => r.unitId === c.unitId)
          .map((r) => ({
            id: r.id,
            taskId: r.taskId,
            unitId: r.unitId,
            period: r.period,
            filedOn: r.filedOn,
            text: r.text,
            problems: r.problems,
            task: {
              id: r.task.id,
              code: r.task.code,
              title: r.task.title,
              titleEn: r.task.titleEn,
              leadUnitId: r.task.leadUnitId,
            },
          })),
      })),
      overdue,
      blocked,
      deadlines: { count: plain.count + recurring.length, tasks: soonest },
      decisions: decisions.map((d) => {
        const m = meetingById.get(d.meetingId) as Meeting;
        return {
          id: d.id,
          text: d.text,
          leadUnitId: d.leadUnitId,
          meetingTitle: m.title,
          meetingTitleEn: m.titleEn,
          meetingDate: dateInZone(m.startsAt, tz),
          taskId: d.taskId,
          task: d.taskId === null ? null : (decisionTasks.get(d.taskId) ?? null),
        };
      }),
    };
  }

  // --- editing ---

  /** Adds an item by hand at the end of the agenda. */
  async addItem(actor: Actor, meetingId: number, dto: CreateAgendaItemDto): Promise<AgendaItemView> {
    requireOrganiser(actor);
    const id = await this.txHost.withTransaction(async () => {
      const meeting = await this.meetings.findForChange(meetingId);
      assertAgendaOpen(meeting);
      const taskIds = dto.taskIds ?? [];
      await this.requireTasks(meeting, taskIds);
      const leadUnitId = dto.leadUnitId ?? null;
      const lead = leadUnitId === null ? null : (await this.units.requireIds([leadUnitId], 'leadUnitId'))[0];
      const item = await this.items.insertAgendaItem({
        meetingId,
        seq: (await this.items.lastAgendaSeq(meetingId)) + 1,
        kind: 'manual',
        sourceKey: `manual:${randomUUID()}`,
        sources: taskIds.length ? { taskIds } : {},
        title: dto.title.trim(),
        titleEn: dto.titleEn?.trim() || null,
        detail: dto.detail ?? '',
        detailEn: dto.detailEn?.trim() ? dto.detailEn : null,
        leadUnitId,
        presenter: dto.presenter !== undefined ? dto.presenter?.trim() || null : (lead?.name ?? null),
        minutes: dto.minutes ?? SUGGESTED_MINUTES.manual,
        edited: false,
        removed: false,
        stale: false,
        notes: '',
      });
      await this.audit.record(actor, 'meeting', meetingId, 'agenda.add', [
        {
          field: `agenda[${item.id}]`,
          from: null,
          to: { title: item.title, leadUnitId: item.leadUnitId, minutes: item.minutes, sources: item.sources },
        },
      ]);
      return item.id;
    });
    return this.itemView(actor, meetingId, id);
  }

  /** Changes an item's wording, presenter, time or lead unit; regeneration leaves an edited item's wording alone. */
  async updateItem(actor: Actor, meetingId: number, itemId: number, dto: UpdateAgendaItemDto): Promise<AgendaItemView> {
    requireOrganiser(actor);
    await this.txHost.withTransaction(async () => {
      const meeting = await this.meetings.findForChange(meetingId);
      assertAgendaOpen(meeting);
      const item = await this.findItem(meetingId, itemId);
      if (dto.leadUnitId !== undefined && dto.leadUnitId !== null) {
        await this.units.requireIds([dto.leadUnitId], 'leadUnitId');
      }
      const next: Partial<AgendaItem> = {};
      if (dto.title !== undefined) next.title = dto.title.trim();
      if (dto.titleEn !== undefined) next.titleEn = dto.titleEn?.trim() || null;
      if (dto.detail !== undefined) next.detail = dto.detail;
      if (dto.detailEn !== undefined) next.detailEn = dto.detailEn?.trim() ? dto.detailEn : null;
      if (dto.presenter !== undefined) next.presenter = dto.presenter?.trim() || null;
      if (dto.minutes !== undefined) next.minutes = dto.minutes;
      if (dto.leadUnitId !== undefined) next.leadUnitId = dto.leadUnitId;
      const changes: FieldChange[] = EDITABLE.filter((f) => f in next && !same(item[f], next[f])).map((f) => ({
        field: `agenda[${itemId}].${f}`,
        from: item[f],
        to: next[f],
      }));
      if (!changes.length) return;
      await this.items.updateAgendaItem(itemId, { ...next, edited: true });
      await this.audit.record(actor, 'meeting', meetingId, 'agenda.update', changes);
    });
    return this.itemView(actor, meetingId, itemId);
  }

  /** Takes an item off the agenda; regeneration does not bring it back. */
  async removeItem(actor: Actor, meetingId: number, itemId: number): Promise<void> {
    requireOrganiser(actor);
    await this.txHost.withTransaction(async () => {
      const meeting = await this.meetings.findForChange(meetingId);
      assertAgendaOpen(meeting);
      const item = await this.findItem(meetingId, itemId);
      if (item.removed) return;
      await this.items.updateAgendaItem(itemId, { removed: true });
      await this.audit.record(actor, 'meeting', meetingId, 'agenda.remove', [
        { field: `agenda[${itemId}].removed`, from: false, to: true },
      ]);
    });
  }

  /** Puts the items in a new order: the list must name every item that is not removed, once. */
  async reorder(actor: Actor, meetingId: number, itemIds: number[]): Promise<MeetingDetail> {
    requireOrganiser(actor);
    await this.txHost.withTransaction(async () => {
      const meeting = await this.meetings.findForChange(meetingId);
      assertAgendaOpen(meeting);
      const all = await this.items.agendaOf(meetingId);
      const current = all.filter((i) => !i.removed).map((i) => i.id);
      const given = new Set(itemIds);
      const missing = current.filter((id) => !given.has(id));
      const unknown = itemIds.filter((id) => !current.includes(id));
      if (missing.length || unknown.length || given.size !== itemIds.length) {
        const dup = itemIds.filter((id, i) => itemIds.indexOf(id) !== i);
        const problems = [
          missing.length ? `missing ${missing.join(', ')}` : '',
          unknown.length ? `not items of this agenda (or removed) ${unknown.join(', ')}` : '',
          dup.length ? `listed twice ${[...new Set(dup)].join(', ')}` : '',
        ].filter(Boolean);
        const problemsZh = [
          missing.length ? `缺少 ${missing.join('、')}` : '',
          unknown.length ? `不属于本议程或已删除 ${unknown.join('、')}` : '',
          dup.length ? `重复 ${[...new Set(dup)].join('、')}` : '',
        ].filter(Boolean);
        throw new InvalidFieldError(
          'itemIds',
          `must list every item of the agenda that is not removed, once: ${problems.join('; ')}`,
          `必须列出议程中未删除的全部议题且各一次：${problemsZh.join('；')}`,
          'wrong_item_set',
        );
      }
      // Removed items keep their places; the others fill the remaining places in the new order.
      const queue = [...itemIds];
      const ordered = all.map((i) => (i.removed ? i.id : (queue.shift() as number)));
      for (const [i, id] of ordered.entries()) {
        const item = all.find((x) => x.id === id) as AgendaItem;
        if (item.seq !== i + 1) await this.items.updateAgendaItem(id, { seq: i + 1 });
      }
      if (!same(current, itemIds)) {
        await this.audit.record(actor, 'meeting', meetingId, 'agenda.order', [
          { field: 'agenda.order', from: current, to: itemIds },
        ]);
      }
    });
    return this.meetings.detail(actor, meetingId);
  }

  private async findItem(meetingId: number, itemId: number): Promise<AgendaItem> {
    const item = await this.items.findAgendaItem(meetingId, itemId);
    if (!item) throw new NotFoundError('Agenda item', itemId, '议题');
    return item;
  }

  /** Tasks an item refers to must exist in the meeting's plan. */
  private async requireTasks(meeting: Meeting, taskIds: number[]): Promise<void> {
    if (!taskIds.length) return;
    const found = await this.taskRecords.plansOf(taskIds);
    const missing = taskIds.filter((id) => !found.some((t) => t.id === id && t.planId === meeting.planId));
    if (missing.length) {
      throw new InvalidFieldError(
        'taskIds',
        `an agenda item on a missing task: no task ${missing.join(', ')} in the meeting's plan`,
        `议题所涉任务不存在：本次会议的工作计划中没有任务 ${missing.join('、')}`,
        'unknown_task',
      );
    }
  }

  private async itemView(actor: Actor, meetingId: number, itemId: number): Promise<AgendaItemView> {
    const detail = await this.meetings.detail(actor, meetingId, { includeRemoved: true });
    return detail.agenda.find((i) => i.id === itemId) as AgendaItemView;
  }
}
