// Minutes of a meeting (会议纪要): general minutes, notes per agenda item, attendance, and decisions (议定事项).
// A decision becomes a follow-up task in one step — lead unit, supporting units, deadline, a link back to the
// meeting — and the next meeting's agenda reviews it until the task is closed.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AuditService, type FieldChange } from '../audit/audit.service';
import { ClockService, dateInZone } from '../common/clock.service';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { PlansRepository } from '../plans/plans.repository';
import { TasksRepository } from '../tasks/tasks.repository';
import { TasksService } from '../tasks/tasks.service';
import type { TaskView } from '../tasks/task.view';
import { UnitsService } from '../units/units.service';
import { shorten } from './agenda-rules';
import type { Decision } from './decision.entity';
import type { CreateDecisionDto, DecisionTaskDto, MinutesDto, UpdateDecisionDto } from './meeting.dto';
import { assertNotCancelled, requireOrganiser } from './meeting-policy';
import type { DecisionView, MeetingDetail } from './meeting-view';
import type { Meeting } from './meeting.entity';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';

/** The tag every task that follows up a meeting decision carries. */
export const DECISION_TASK_TAG = '会商';

export interface DecisionTaskResult {
  task: TaskView & { decisionId: number };
  decision: DecisionView;
}

@Injectable()
export class MinutesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly decisions: MeetingsRepository,
    private readonly meetings: MeetingsService,
    private readonly tasks: TasksService,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly plans: PlansRepository,
    private readonly taskRecords: TasksRepository,
  ) {}

  // --- minutes and attendance ---

  async updateMinutes(actor: Actor, meetingId: number, dto: MinutesDto): Promise<MeetingDetail> {
    requireOrganiser(actor);
    await this.txHost.withTransaction(async () => {
      const meeting = await this.meetings.findForChange(meetingId);
      assertNotCancelled(meeting);
      const changes: FieldChange[] = [];

      const items = dto.items?.length ? await this.decisions.agendaOf(meetingId) : [];
      const notes = (dto.items ?? []).map((n, i) => {
        const item = items.find((x) => x.id === n.id);
        if (!item) {
          throw new InvalidFieldError(
            `items[${i}].id`,
            `agenda item ${n.id} is not on this meeting's agenda`,
            `议题 ${n.id} 不在本次会议议程中`,
            'unknown_item',
          );
        }
        return { item, notes: n.notes };
      });
      const attendees = dto.attendance?.length ? await this.decisions.attendeesOf(meetingId) : [];
      const presence = (dto.attendance ?? []).map((a, i) => {
        const attendee = attendees.find((x) => x.id === a.attendeeId);
        if (!attendee) {
          throw new InvalidFieldError(
            `attendance[${i}].attendeeId`,
            `attendee ${a.attendeeId} is not invited to this meeting`,
            `参会人员 ${a.attendeeId} 不在本次会议名单中`,
            'unknown_attendee',
          );
        }
        return { attendee, present: a.present };
      });

      if (dto.minutes !== undefined && dto.minutes !== meeting.minutes) {
        await this.decisions.update(meetingId, { minutes: dto.minutes });
        changes.push({ field: 'minutes', from: meeting.minutes, to: dto.minutes });
      }
      for (const { item, notes: text } of notes) {
        if (text === item.notes) continue;
        await this.decisions.updateAgendaItem(item.id, { notes: text });
        changes.push({ field: `agenda[${item.id}].notes`, from: item.notes, to: text });
        item.notes = text;
      }
      for (const { attendee, present } of presence) {
        if (present === attendee.present) continue;
        await this.decisions.setPresent(attendee.id, present);
        changes.push({ field: `attendees[${attendee.id}].present`, from: attendee.present, to: present });
        attendee.present = present;
      }
      if (changes.length) await this.audit.record(actor, 'meeting', meetingId, 'minutes', changes);
    });
    return this.meetings.detail(actor, meetingId);
  }

  // --- decisions ---

  async createDecision(actor: Actor, meetingId: number, dto: CreateDecisionDto): Promise<DecisionView> {
    requireOrganiser(actor);
    const id = await this.txHost.withTransaction(async () => {
      const meeting = await this.meetings.findForChange(meetingId);
      assertNotCancelled(meeting);
      const leadUnitId = dto.leadUnitId ?? null;
      const supportingUnitIds = dto.supportingUnitIds ?? [];
      await this.checkReferences(meeting, dto.agendaItemId ?? null, leadUnitId, supportingUnitIds);
      const decision = await this.decisions.insertDecision({
        meetingId,
        agendaItemId: dto.agendaItemId ?? null,
        seq: (await this.decisions.lastDecisionSeq(meetingId)) + 1,
        text: dto.text.trim(),
        leadUnitId,
        supportingUnitIds,
        deadline: dto.deadline ?? null,
        taskId: null,
      });
      await this.audit.record(actor, 'meeting', meetingId, 'decision.create', [
        {
          field: `decisions[${decision.id}]`,
          from: null,
          to: {
            seq: decision.seq,
            text: decision.text,
            agendaItemId: decision.agendaItemId,
            leadUnitId,
            supportingUnitIds,
            deadline: decision.deadline,
          },
        },
      ]);
      return decision.id;
    });
    return this.decisionView(actor, meetingId, id);
  }

  async updateDecision(
    actor: Actor,
    meetingId: number,
    decisionId: number,
    dto: UpdateDecisionDto,
  ): Promise<DecisionView> {
    requireOrganiser(actor);
    await this.txHost.withTransaction(async () => {
      const meeting = await this.meetings.findForChange(meetingId);
      assertNotCancelled(meeting);
      const decision = await this.findDecision(meetingId, decisionId);
      const next = {
        text: dto.text !== undefined ? dto.text.trim() : decision.text,
        agendaItemId: dto.agendaItemId !== undefined ? dto.agendaItemId : decision.agendaItemId,
        leadUnitId: dto.leadUnitId !== undefined ? dto.leadUnitId : decision.leadUnitId,
        supportingUnitIds: dto.supportingUnitIds ?? decision.supportingUnitIds,
        deadline: dto.deadline !== undefined ? dto.deadline : decision.deadline,
      };
      const fields = Object.keys(next) as (keyof typeof next)[];
      const changes: FieldChange[] = fields
        .filter((f) => JSON.stringify(decision[f]) !== JSON.stringify(next[f]))
        .map((f) => ({ field: `decisions[${decisionId}].${f}`, from: decision[f], to: next[f] }));
      if (!changes.length) return;
      const taskFields = changes.filter((c) => /\.(leadUnitId|supportingUnitIds|deadline)$/.test(c.field));
      if (decision.taskId !== null && taskFields.length) {
        throw new ConflictError(
          `Decision ${decisionId} became task ${decision.taskId}: change the task's units and deadline instead`,
          `议定事项 ${decisionId} 已形成任务 ${decision.taskId}，请在任务中调整责任单位和时限`,
          'decision_has_task',
        );
      }
      await this.checkReferences(meeting, next.agendaItemId, next.leadUnitId, next.supportingUnitIds);
      await this.decisions.updateDecision(decisionId, next);
      await this.audit.record(actor, 'meeting', meetingId, 'decision.update', changes);
    });
    return this.decisionView(actor, meetingId, decisionId);
  }

  /**
   * Makes the decision a follow-up task in one step: the decision's lead and supporting units and deadline (unless
   * given), a description citing the meeting and the decision, tagged 会商, linked both ways.
   */
  async createTask(
    actor: Actor,
    meetingId: number,
    decisionId: number,
    dto: DecisionTaskDto,
  ): Promise<DecisionTaskResult> {
    requireOrganiser(actor);
    const taskId = await this.txHost.withTransaction(async () => {
      const meeting = await this.meetings.findForChange(meetingId);
      assertNotCancelled(meeting);
      const decision = await this.findDecision(meetingId, decisionId);
      if (decision.taskId !== null) {
        throw new ConflictError(
          `Decision ${decisionId} already became task ${decision.taskId}`,
          `议定事项 ${decisionId} 已形成任务 ${decision.taskId}`,
          'decision_has_task',
        );
      }
      if (decision.leadUnitId === null) {
        throw new InvalidFieldError(
          'leadUnitId',
          `decision ${decisionId} has no lead unit: set one (PATCH the decision) before making it a task`,
          `议定事项 ${decisionId} 未明确牵头单位，请先补充后再形成任务`,
          'required',
        );
      }
      const deadline = dto.deadline ?? decision.deadline;
      if (!deadline) {
        throw new InvalidFieldError(
          'deadline',
          `decision ${decisionId} has no deadline: give one, or set the decision's`,
          `议定事项 ${decisionId} 未明确完成时限，请填写时限`,
          'required',
        );
      }
      const today = this.clock.today();
      if (deadline < today) {
        throw new InvalidFieldError(
          'deadline',
          `${deadline} is in the past (today is ${today})`,
          `完成时限 ${deadline} 早于今天（${today}）`,
          'past_date',
        );
      }
      const workItem = await this.plans.findWorkItem(dto.workItemId);
      if (!workItem || workItem.planId !== meeting.planId) {
        throw new InvalidFieldError(
          'workItemId',
          `unknown work item ${dto.workItemId} in the meeting's plan`,
          `本次会议的工作计划中没有工作事项 ${dto.workItemId}`,
          'unknown_work_item',
        );
      }
      const date = dateInZone(meeting.startsAt, this.clock.timeZone);
      // Created through the tasks service, inside this transaction: the task and its link commit together.
      const task = await this.tasks.create(actor, {
        workItemId: workItem.id,
        title: dto.title?.trim() ?? shorten(decision.text, 120),
        description: `根据${meeting.title}(${date})议定事项第${decision.seq}项:${decision.text}`,
        leadUnitId: decision.leadUnitId,
        supportingUnitIds: decision.supportingUnitIds.filter((id) => id !== decision.leadUnitId),
        startDate: today,
        deadline,
        priority: dto.priority ?? 'normal',
        tags: [DECISION_TASK_TAG],
      });
      // Linked both ways: task.decisionId in the tasks' table, decision.taskId in the meetings'.
      await this.taskRecords.patch(task.id, { decisionId });
      await this.decisions.updateDecision(decisionId, { taskId: task.id });
      await this.audit.record(actor, 'task', task.id, 'decision.link', [
        { field: 'decisionId', from: null, to: decisionId },
      ]);
      await this.audit.record(actor, 'meeting', meetingId, 'decision.task', [
        { field: `decisions[${decisionId}].taskId`, from: null, to: task.id },
      ]);
      return task.id;
    });
    const [task, decision] = await Promise.all([
      this.tasks.get(actor, taskId),
      this.decisionView(actor, meetingId, decisionId),
    ]);
    return { task: { ...task, decisionId }, decision };
  }

  private async findDecision(meetingId: number, decisionId: number): Promise<Decision> {
    const decision = await this.decisions.findDecision(meetingId, decisionId);
    if (!decision) throw new NotFoundError('Decision', decisionId, '议定事项');
    return decision;
  }

  private async checkReferences(
    meeting: Meeting,
    agendaItemId: number | null,
    leadUnitId: number | null,
    supportingUnitIds: number[],
  ): Promise<void> {
    if (agendaItemId !== null && !(await this.decisions.agendaItemExists(meeting.id, agendaItemId))) {
      throw new InvalidFieldError(
        'agendaItemId',
        `agenda item ${agendaItemId} is not on this meeting's agenda`,
        `议题 ${agendaItemId} 不在本次会议议程中`,
        'unknown_item',
      );
    }
    if (leadUnitId !== null) await this.units.requireIds([leadUnitId], 'leadUnitId');
    await this.units.requireIds(supportingUnitIds, 'supportingUnitIds');
    if (leadUnitId !== null && supportingUnitIds.includes(leadUnitId)) {
      throw new InvalidFieldError(
        'supportingUnitIds',
        'must not include the lead unit',
        '配合单位不能包含牵头单位',
        'lead_unit_supporting',
      );
    }
  }

  private async decisionView(actor: Actor, meetingId: number, decisionId: number): Promise<DecisionView> {
    const detail = await this.meetings.detail(actor, meetingId);
    return detail.decisions.find((d) => d.id === decisionId) as DecisionView;
  }
}
