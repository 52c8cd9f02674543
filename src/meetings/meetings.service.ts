// Consultation meetings (会商): time and place, the convening and attending units and people, status (planned,
// held, cancelled), and the whole picture of one meeting — agenda, attendance, decisions and the state of their
// follow-up tasks — in one read. Features that mail about meetings hear of changes of time or place and of
// cancellations through onChange, inside the transaction that makes the change.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { listScope, scopeOf } from '../access';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { addDays } from '../common/dates';
import { ClockService, dateInZone, zonedTime } from '../common/clock.service';
import { ConflictError, ForbiddenError, InvalidFieldError, NotFoundError } from '../common/errors';
import { col } from '../database/sql';
import type { Page } from '../common/pagination';
import { IndicatorsRepository } from '../indicators/indicators.repository';
import { IndicatorsService } from '../indicators/indicators.service';
import type { Plan } from '../plans/plan.entity';
import { PlansRepository } from '../plans/plans.repository';
import { ReportsRepository } from '../reports/reports.repository';
import { TasksRepository } from '../tasks/tasks.repository';
import { TasksService } from '../tasks/tasks.service';
import type { Unit } from '../units/unit.entity';
import { UnitsRepository } from '../units/units.repository';
import { UnitsService } from '../units/units.service';
import { UsersRepository } from '../users/users.repository';
import type { AttendeeDto, CreateMeetingDto, MeetingQueryDto, UpdateMeetingDto } from './meeting.dto';
import type { MeetingAttendee } from './meeting-attendee.entity';
import { MeetingsRepository } from './meetings.repository';
import { assertNotCancelled, mayReadMeeting, requireOrganiser } from './meeting-policy';
import {
  meetingSummary,
  unitBrief,
  type AgendaItemView,
  type DecisionBrief,
  type IndicatorBrief,
  type MeetingDetail,
  type MeetingSummary,
  type ReportBrief,
  type TaskBrief,
} from './meeting-view';
import type { Meeting } from './meeting.entity';

/** What happened to a meeting that its invitees must hear of. */
export type MeetingChange = 'rescheduled' | 'cancelled';

/**
 * Called inside the transaction that changes the meeting, with the meeting as it now is (units loaded); what it
 * writes through the repositories commits or rolls back with the change.
 */
export type MeetingChangeListener = (meeting: Meeting, change: MeetingChange) => Promise<void> | void;

export interface DetailOptions {
  /** Also list the agenda items the secretariat removed. */
  includeRemoved?: boolean;
}

const AUDITED = [
  'planId',
  'title',
  'titleEn',
  'startsAt',
  'endsAt',
  'place',
  'onlineLink',
  'conveningUnitId',
  'convenerName',
  'unitIds',
  'attendees',
  'status',
  'sequence',
] as const;
type Snapshot = Record<(typeof AUDITED)[number], unknown>;

function snapshot(m: Meeting, attendees: MeetingAttendee[]): Snapshot {
  return {
    planId: m.planId,
    title: m.title,
    titleEn: m.titleEn,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    place: m.place,
    onlineLink: m.onlineLink,
    conveningUnitId: m.conveningUnitId,
    convenerName: m.convenerName,
    unitIds: (m.units ?? []).map((u) => u.id).sort((a, b) => a - b),
    attendees: [...attendees]
      .sort((a, b) => a.id - b.id)
      .map((a) => ({
        id: a.id,
        unitId: a.unitId,
        userId: a.userId,
        name: a.name,
        position: a.position,
        email: a.email,
      })),
    status: m.status,
    sequence: m.sequence,
  };
}

/** Blank text is no text. */
function text(value: string | null | undefined): string | null {
  return value && value.trim() ? value.trim() : null;
}

function uniq(ids: (number | null | undefined)[]): number[] {
  return [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
}

@Injectable()
export class MeetingsService {
  private readonly listeners: MeetingChangeListener[] = [];

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly meetings: MeetingsRepository,
    private readonly units: UnitsService,
    private readonly tasks: TasksService,
    private readonly indicators: IndicatorsService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly plans: PlansRepository,
    private readonly taskRecords: TasksRepository,
    private readonly reports: ReportsRepository,
    private readonly indicatorRecords: IndicatorsRepository,
    private readonly unitRecords: UnitsRepository,
    private readonly users: UsersRepository,
  ) {}

  /** Registers a callback for changes of time or place and for cancellations. */
  onChange(listener: MeetingChangeListener): void {
    this.listeners.push(listener);
  }

  private async notify(meeting: Meeting, change: MeetingChange): Promise<void> {
    for (const listener of this.listeners) await listener(meeting, change);
  }

  // --- reading ---

  async list(actor: Actor, q: MeetingQueryDto): Promise<Page<MeetingSummary>> {
    const [rows, total] = await this.meetings.page({
      planId: q.planId,
      status: q.status,
      from: q.from ? zonedTime(q.from, '00:00', this.clock.timeZone) : undefined,
      to: q.to ? zonedTime(addDays(q.to, 1), '00:00', this.clock.timeZone) : undefined,
      scope: listScope(actor, 'meeting.read', {
        lead: col('m', 'conveningUnitId'),
        links: { table: 'meeting_unit', key: 'meetingId', id: col('m', 'id') },
      }),
      page: q.page,
      pageSize: q.pageSize,
    });
    const conveners = await this.unitsById(uniq(rows.map((m) => m.conveningUnitId)));
    return {
      items: rows.map((m) => meetingSummary(actor, m, conveners.get(m.conveningUnitId ?? -1) ?? null)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** The meeting with its units, if the actor may read it: 404 when it does not exist, 403 when its units are others'. */
  async findReadable(actor: Actor, id: number): Promise<Meeting> {
    const meeting = await this.meetings.findWithUnits(id);
    if (!meeting) throw new NotFoundError('Meeting', id, '会议');
    if (!mayReadMeeting(actor, meeting)) {
      throw new ForbiddenError('Your unit does not attend this meeting', '本单位未参加该会议');
    }
    return meeting;
  }

  /** The meeting with its units, for a change by an organiser: 404 when it does not exist. */
  async findForChange(id: number): Promise<Meeting> {
    const meeting = await this.meetings.findWithUnits(id);
    if (!meeting) throw new NotFoundError('Meeting', id, '会议');
    return meeting;
  }

  /**
   * The whole picture of a meeting in one object: the meeting with its plan, convening and attending units,
   * attendees, the agenda in order with each item's lead unit and source rows, and the decisions with the state of
   * their follow-up tasks today.
   */
  async detail(actor: Actor, id: number, opts: DetailOptions = {}): Promise<MeetingDetail> {
    const meeting = await this.findReadable(actor, id);
    const today = this.clock.today();
    const plan = await this.plans.findPlan(meeting.planId);
    if (!plan) throw new NotFoundError('Meeting', id, '会议');
    const attendees = await this.meetings.attendeesOf(id);
    const items = await this.meetings.agendaOf(id);
    const decisions = await this.meetings.decisionsOf(id);

    const sourceIds = (key: 'taskIds' | 'reportIds' | 'decisionIds' | 'indicatorIds') =>
      uniq(items.flatMap((i) => i.sources[key] ?? []));
    const taskIds = uniq([...sourceIds('taskIds'), ...decisions.map((d) => d.taskId)]);
    const tasks = await this.taskRecords.findByIds(taskIds);
    const reports = await this.reports.findByIds(sourceIds('reportIds'));
    const sourceDecisions = await this.meetings.decisionsByIds(sourceIds('decisionIds'));
    const decisionMeetings = await this.meetings.briefs(uniq(sourceDecisions.map((d) => d.meetingId)));
    const indicatorRows = await this.indicatorRecords.findByIds(sourceIds('indicatorIds'));
    // read in the transaction in progress (the em argument goes once every service joins it by itself)
    const indicators = await this.indicators.withMetrics(indicatorRows, meeting.agendaAsOf ?? today);

    const units = await this.unitsById(
      uniq([
        meeting.conveningUnitId,
        ...attendees.map((a) => a.unitId),
        ...items.map((i) => i.leadUnitId),
        ...decisions.flatMap((d) => [d.leadUnitId, ...d.supportingUnitIds]),
        ...tasks.map((t) => t.leadUnitId),
        ...reports.map((r) => r.unitId),
      ]),
    );
    const unitOf = (uid: number | null) => {
      const u = uid === null ? undefined : units.get(uid);
      return u ? unitBrief(u) : null;
    };

    const taskBriefs = new Map<number, TaskBrief>(
      tasks.map((t) => {
        const s = this.tasks.state(t, today);
        return [
          t.id,
          {
            id: t.id,
            code: t.code,
            title: t.title,
            titleEn: t.titleEn,
            status: t.status,
            progress: t.progress,
            deadline: t.deadline,
            leadUnitId: t.leadUnitId,
            leadUnit: unitOf(t.leadUnitId),
            overdue: s.overdue,
            dueSoon: s.dueSoon,
            colour: s.colour,
            expectedProgress: s.expectedProgress,
            nextDueDate: s.nextDueDate,
          },
        ];
      }),
    );
    const reportBriefs = new Map<number, ReportBrief>(
      reports.map((r) => [
        r.id,
        {
          id: r.id,
          taskId: r.taskId,
          unitId: r.unitId,
          unit: unitOf(r.unitId),
          period: r.period,
          filedOn: r.filedOn,
          text: r.text,
          problems: r.problems,
          needsCoordination: r.needsCoordination,
          status: r.status,
        },
      ]),
    );
    const meetingById = new Map(decisionMeetings.map((m) => [m.id, m]));
    const decisionBriefs = new Map<number, DecisionBrief>(
      sourceDecisions.map((d) => {
        const m = meetingById.get(d.meetingId);
        return [
          d.id,
          {
            id: d.id,
            meetingId: d.meetingId,
            meetingTitle: m?.title ?? '',
            meetingStartsAt: m?.startsAt as Date,
            text: d.text,
            taskId: d.taskId,
          },
        ];
      }),
    );
    const indicatorBriefs = new Map<number, IndicatorBrief>(
      indicators.map((i) => [
        i.id,
        {
          id: i.id,
          code: i.code,
          name: i.name,
          nameEn: i.nameEn,
          measure: i.measure,
          measureEn: i.measureEn,
          target: i.target,
          targetDate: i.targetDate,
          asOf: i.metrics.asOf,
          latestValue: i.metrics.latestValue,
          latestOn: i.metrics.latestOn,
          latestValueId: i.metrics.latestValueId,
          achievementPercent: i.metrics.achievementPercent,
          proRataAtLatest: i.metrics.proRataAtLatest,
          proRataToday: i.metrics.proRataToday,
          status: i.metrics.status,
        },
      ]),
    );
    const pick = <T>(map: Map<number, T>, ids: number[] | undefined): T[] =>
      (ids ?? []).map((x) => map.get(x)).filter((x): x is T => x !== undefined);

    let number = 0;
    let clock = meeting.startsAt.getTime();
    const agenda: AgendaItemView[] = [];
    for (const item of items) {
      if (item.removed && !opts.includeRemoved) continue;
      const startsAt = item.removed ? null : new Date(clock);
      if (!item.removed) clock += item.minutes * 60_000;
      agenda.push({
        id: item.id,
        number: item.removed ? null : ++number,
        seq: item.seq,
        kind: item.kind,
        sourceKey: item.sourceKey,
        sources: item.sources,
        sourceRows: {
          tasks: pick(taskBriefs, item.sources.taskIds),
          reports: pick(reportBriefs, item.sources.reportIds),
          decisions: pick(decisionBriefs, item.sources.decisionIds),
          indicators: pick(indicatorBriefs, item.sources.indicatorIds),
        },
        title: item.title,
        titleEn: item.titleEn,
        detail: item.detail,
        detailEn: item.detailEn,
        leadUnitId: item.leadUnitId,
        leadUnit: unitOf(item.leadUnitId),
        presenter: item.presenter,
        minutes: item.minutes,
        startsAt,
        endsAt: startsAt ? new Date(clock) : null,
        edited: item.edited,
        removed: item.removed,
        stale: item.stale,
        notes: item.notes,
      });
    }

    const ownUnitOnly = scopeOf(actor, 'meeting.read') !== 'all';
    return {
      ...meetingSummary(
        actor,
        meeting,
        meeting.conveningUnitId === null ? null : (units.get(meeting.conveningUnitId) ?? null),
      ),
      plan: { id: plan.id, code: plan.code, title: plan.title, titleEn: plan.titleEn },
      minutes: meeting.minutes,
      attendees: attendees.map((a) => ({
        id: a.id,
        unitId: a.unitId,
        unit: unitOf(a.unitId),
        userId: a.userId,
        name: a.name,
        position: a.position,
        email: ownUnitOnly && a.unitId !== actor.unitId ? null : a.email,
        present: a.present,
      })),
      agenda,
      agendaMinutes: items.filter((i) => !i.removed).reduce((sum, i) => sum + i.minutes, 0),
      decisions: decisions.map((d) => ({
        id: d.id,
        seq: d.seq,
        text: d.text,
        agendaItemId: d.agendaItemId,
        leadUnitId: d.leadUnitId,
        leadUnit: unitOf(d.leadUnitId),
        supportingUnitIds: d.supportingUnitIds,
        supportingUnits: d.supportingUnitIds.map(unitOf).filter((u) => u !== null),
        deadline: d.deadline,
        taskId: d.taskId,
        task: d.taskId === null ? null : (taskBriefs.get(d.taskId) ?? null),
        createdAt: d.createdAt,
      })),
    };
  }

  private async unitsById(ids: number[]): Promise<Map<number, Unit>> {
    const rows = await this.unitRecords.findByIds(ids);
    return new Map(rows.map((u) => [u.id, u]));
  }

  // --- scheduling ---

  async create(actor: Actor, dto: CreateMeetingDto): Promise<MeetingDetail> {
    requireOrganiser(actor);
    const id = await this.txHost.withTransaction(async () => {
      const plan = await this.resolvePlan(dto.planId);
      const startsAt = new Date(dto.startsAt);
      const endsAt = new Date(dto.endsAt);
      this.checkTimes(startsAt, endsAt);
      const place = text(dto.place);
      const onlineLink = text(dto.onlineLink);
      this.checkWhere(place, onlineLink);
      const units = await this.units.requireIds(dto.unitIds, 'unitIds');
      const conveningUnitId = dto.conveningUnitId ?? null;
      if (conveningUnitId !== null) await this.units.requireIds([conveningUnitId], 'conveningUnitId');
      const meeting = this.meetings.create({
        planId: plan.id,
        title: dto.title.trim(),
        titleEn: text(dto.titleEn),
        startsAt,
        endsAt,
        place,
        onlineLink,
        conveningUnitId,
        convenerName: text(dto.convenerName),
        units,
        status: 'planned',
        sequence: 0,
        agendaAsOf: null,
        minutes: '',
        invitationsSentAt: null,
        minutesSentAt: null,
        createdById: actor.id || null,
      });
      const attendees = await this.resolveAttendees(meeting, dto.attendees ?? [], [], 'attendees');
      await this.meetings.save(meeting);
      for (const a of attendees) a.meetingId = meeting.id;
      await this.meetings.saveAttendees(attendees);
      await this.audit.recordCreate(actor, 'meeting', meeting.id, snapshot(meeting, attendees), [...AUDITED]);
      return meeting.id;
    });
    return this.detail(actor, id);
  }

  async update(actor: Actor, id: number, dto: UpdateMeetingDto): Promise<MeetingDetail> {
    requireOrganiser(actor);
    await this.txHost.withTransaction(async () => {
      const meeting = await this.findForChange(id);
      assertNotCancelled(meeting);
      const current = await this.meetings.attendeesOf(id);
      const before = snapshot(meeting, current);
      const was = { startsAt: meeting.startsAt.getTime(), endsAt: meeting.endsAt.getTime() };
      const wasWhere = { place: meeting.place, onlineLink: meeting.onlineLink };

      if (dto.title !== undefined) meeting.title = dto.title.trim();
      if (dto.titleEn !== undefined) meeting.titleEn = text(dto.titleEn);
      if (dto.convenerName !== undefined) meeting.convenerName = text(dto.convenerName);
      if (dto.startsAt !== undefined) meeting.startsAt = new Date(dto.startsAt);
      if (dto.endsAt !== undefined) meeting.endsAt = new Date(dto.endsAt);
      this.checkTimes(meeting.startsAt, meeting.endsAt, dto.endsAt === undefined ? 'startsAt' : 'endsAt');
      if (dto.place !== undefined) meeting.place = text(dto.place);
      if (dto.onlineLink !== undefined) meeting.onlineLink = text(dto.onlineLink);
      this.checkWhere(meeting.place, meeting.onlineLink, dto.place !== undefined ? 'place' : 'onlineLink');
      if (dto.conveningUnitId !== undefined) {
        meeting.conveningUnitId = dto.conveningUnitId;
        if (dto.conveningUnitId !== null) await this.units.requireIds([dto.conveningUnitId], 'conveningUnitId');
      }
      if (dto.unitIds !== undefined) meeting.units = await this.units.requireIds(dto.unitIds, 'unitIds');

      let attendees = current;
      if (dto.attendees !== undefined) {
        attendees = await this.resolveAttendees(meeting, dto.attendees, current, 'attendees');
      } else {
        this.checkAttendeeUnits(meeting, current, dto.unitIds === undefined ? 'conveningUnitId' : 'unitIds');
      }

      const rescheduled =
        meeting.startsAt.getTime() !== was.startsAt ||
        meeting.endsAt.getTime() !== was.endsAt ||
        meeting.place !== wasWhere.place ||
        meeting.onlineLink !== wasWhere.onlineLink;
      if (rescheduled) meeting.sequence += 1;
      await this.meetings.save(meeting);
      if (dto.attendees !== undefined) {
        const kept = new Set(attendees.filter((a) => a.id).map((a) => a.id));
        await this.meetings.deleteAttendees(current.filter((a) => !kept.has(a.id)).map((a) => a.id));
        await this.meetings.saveAttendees(attendees);
      }
      await this.audit.recordUpdate(actor, 'meeting', id, before, snapshot(meeting, attendees), [...AUDITED]);
      if (rescheduled) await this.notify(meeting, 'rescheduled');
    });
    return this.detail(actor, id);
  }

  async cancel(actor: Actor, id: number): Promise<MeetingDetail> {
    requireOrganiser(actor);
    await this.txHost.withTransaction(async () => {
      const meeting = await this.findForChange(id);
      assertNotCancelled(meeting);
      if (meeting.status === 'held') {
        throw new ConflictError(
          `Meeting ${id} was held and cannot be cancelled`,
          `会议 ${id} 已召开，不能取消`,
          'meeting_held',
        );
      }
      const from = { status: meeting.status, sequence: meeting.sequence };
      meeting.status = 'cancelled';
      meeting.sequence += 1;
      await this.meetings.update(id, { status: meeting.status, sequence: meeting.sequence });
      await this.audit.record(actor, 'meeting', id, 'cancel', [
        { field: 'status', from: from.status, to: 'cancelled' },
        { field: 'sequence', from: from.sequence, to: meeting.sequence },
      ]);
      await this.notify(meeting, 'cancelled');
    });
    return this.detail(actor, id);
  }

  /** Records that the meeting took place; its minutes and decisions can be completed afterwards. */
  async markHeld(actor: Actor, id: number): Promise<MeetingDetail> {
    requireOrganiser(actor);
    await this.txHost.withTransaction(async () => {
      const meeting = await this.findForChange(id);
      assertNotCancelled(meeting);
      if (meeting.status === 'held') {
        throw new ConflictError(`Meeting ${id} is already held`, `会议 ${id} 已标记为已召开`, 'meeting_held');
      }
      if (meeting.startsAt.getTime() > this.clock.now().getTime()) {
        throw new ConflictError(
          `Meeting ${id} has not started yet (it starts at ${meeting.startsAt.toISOString()})`,
          `会议 ${id} 尚未开始（开始时间 ${dateInZone(meeting.startsAt, this.clock.timeZone)}）`,
          'meeting_not_started',
        );
      }
      await this.meetings.update(id, { status: 'held' });
      await this.audit.record(actor, 'meeting', id, 'held', [{ field: 'status', from: meeting.status, to: 'held' }]);
    });
    return this.detail(actor, id);
  }

  // --- checks ---

  private async resolvePlan(planId: number | undefined): Promise<Plan> {
    const plan = planId !== undefined ? await this.plans.findPlan(planId) : await this.plans.firstPlan();
    if (!plan) {
      throw planId !== undefined
        ? new InvalidFieldError('planId', `unknown plan ${planId}`, `工作计划 ${planId} 不存在`, 'unknown_plan')
        : new InvalidFieldError('planId', 'no plan is loaded', '尚未建立工作计划', 'unknown_plan');
    }
    return plan;
  }

  private checkTimes(startsAt: Date, endsAt: Date, field: 'startsAt' | 'endsAt' = 'endsAt'): void {
    if (endsAt.getTime() <= startsAt.getTime()) {
      throw new InvalidFieldError(
        field,
        `the meeting must end after it starts (${startsAt.toISOString()} to ${endsAt.toISOString()})`,
        '会议结束时间必须晚于开始时间',
        'ends_before_start',
      );
    }
  }

  private checkWhere(place: string | null, onlineLink: string | null, field: 'place' | 'onlineLink' = 'place'): void {
    if (!place && !onlineLink) {
      throw new InvalidFieldError(
        field,
        'give the place of the meeting or an online link (or both)',
        '请填写会议地点或线上会议链接',
        'required',
      );
    }
  }

  /** Attendees attend for an attending unit or the convening unit, or in their own right. */
  private checkAttendeeUnits(meeting: Meeting, attendees: MeetingAttendee[], field: string): void {
    const allowed = new Set([...(meeting.units ?? []).map((u) => u.id), meeting.conveningUnitId]);
    const orphan = attendees.find((a) => a.unitId !== null && !allowed.has(a.unitId));
    if (orphan) {
      throw new InvalidFieldError(
        field,
        `attendee ${orphan.name} comes for unit ${orphan.unitId}, which would no longer attend; change the attendees too`,
        `参会人员 ${orphan.name} 所在单位 ${orphan.unitId} 将不再参会，请同时调整参会人员`,
        'unit_has_attendees',
      );
    }
  }

  /**
   * The attendee rows a request's list stands for: entries with an id update that attendee (who keeps their
   * recorded attendance), the others are new. Unknown users, units that do not attend and unknown ids are refused.
   */
  private async resolveAttendees(
    meeting: Meeting,
    list: AttendeeDto[],
    current: MeetingAttendee[],
    field: string,
  ): Promise<MeetingAttendee[]> {
    const allowed = new Set([...(meeting.units ?? []).map((u) => u.id), meeting.conveningUnitId]);
    const userIds = uniq(list.map((a) => a.userId));
    const users = await this.users.localesOf(userIds);
    const knownUsers = new Set(users.map((u) => u.id));
    const byId = new Map(current.map((a) => [a.id, a]));
    const seen = new Set<number>();
    return list.map((a, i) => {
      const at = `${field}[${i}]`;
      if (a.id !== undefined) {
        if (!byId.has(a.id) || seen.has(a.id)) {
          throw new InvalidFieldError(
            `${at}.id`,
            seen.has(a.id) ? `attendee ${a.id} is listed twice` : `attendee ${a.id} is not invited to this meeting`,
            seen.has(a.id) ? `参会人员 ${a.id} 重复` : `参会人员 ${a.id} 不在本次会议名单中`,
            'unknown_attendee',
          );
        }
        seen.add(a.id);
      }
      const unitId = a.unitId ?? null;
      if (unitId !== null && !allowed.has(unitId)) {
        throw new InvalidFieldError(
          `${at}.unitId`,
          `unit ${unitId} neither attends nor convenes the meeting`,
          `单位 ${unitId} 不是本次会议的参会或召集单位`,
          'unit_not_attending',
        );
      }
      const userId = a.userId ?? null;
      if (userId !== null && !knownUsers.has(userId)) {
        throw new InvalidFieldError(`${at}.userId`, `unknown user ${userId}`, `用户 ${userId} 不存在`, 'unknown_user');
      }
      const row = a.id !== undefined ? (byId.get(a.id) as MeetingAttendee) : this.meetings.newAttendee();
      Object.assign(row, {
        unitId,
        userId,
        name: a.name.trim(),
        position: text(a.position),
        email: text(a.email)?.toLowerCase() ?? null,
      });
      if (meeting.id) row.meetingId = meeting.id;
      return row;
    });
  }
}
