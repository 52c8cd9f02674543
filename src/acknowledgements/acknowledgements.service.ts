// Acknowledgements (签收): what reaches a unit — a task assigned to it, a leader's instruction, a supervision notice —
// is requested once per unit and due after the configured office hours; the unit's liaison acknowledges it. Other
// features call request() (or requestMany() in bulk); the figures feed bulletins and assessments.
import { Inject, Injectable } from '@nestjs/common';
import { assertCan, can, listScope, unitsObject, type Action } from '../access';
import type { Actor } from '../auth/actor';
import { WorkingDaysService } from '../calendar/working-days.service';
import { ClockService, zonedTime } from '../common/clock.service';
import { addDays } from '../common/dates';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Acknowledgement, AcknowledgementKind } from './acknowledgement.entity';
import {
  AcknowledgementsRepository,
  type AcknowledgementRow,
  type AcknowledgementState,
  type NewAcknowledgement,
  type UnitAcknowledgementFigures,
} from './acknowledgements.repository';
import { addWorkingHours } from './working-hours';

/** What one call asks: the units a thing reached. */
export interface AcknowledgementRequest {
  kind: AcknowledgementKind;
  subjectId: number;
  taskId: number;
  unitIds: number[];
}

/** An acknowledgement as the API and other features show it: names, not ids only. */
export interface AcknowledgementView {
  id: number;
  kind: AcknowledgementKind;
  subjectId: number;
  task: { id: number; code: string; title: string };
  unit: { id: number; code: string; name: string; nameEn: string | null };
  requestedAt: string;
  dueAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: { id: number; displayName: string } | null;
  /** done, or still awaited: pending before the due time, overdue after it. */
  status: AcknowledgementState;
  /** Acknowledged by the due time; null while awaited. */
  onTime: boolean | null;
  remindedAt: string | null;
  allowedActions: Action[];
}

export interface LateByUnit {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitNameEn: string | null;
  late: number;
}

@Injectable()
export class AcknowledgementsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly acknowledgements: AcknowledgementsRepository,
    private readonly clock: ClockService,
    private readonly calendar: WorkingDaysService,
  ) {}

  /** The instant a request made now is due: acknowledgement.workingHours office hours on. */
  dueFrom(requestedAt: Date): Date {
    return addWorkingHours(
      requestedAt,
      this.config.acknowledgement.workingHours,
      (d) => this.calendar.isWorkingDay(d),
      this.clock.timeZone,
    );
  }

  /** Asks each unit to acknowledge the thing; a unit asked already is not asked again. In the ambient transaction. */
  async request(kind: AcknowledgementKind, subjectId: number, taskId: number, unitIds: number[]): Promise<void> {
    await this.requestMany([{ kind, subjectId, taskId, unitIds }]);
  }

  /**
   * request() for many things at once, written in batches (the plan loader and the task-sheet import). `fresh`: the
   * things were created in this transaction, so nobody was asked yet and nothing is looked up first.
   */
  async requestMany(requests: AcknowledgementRequest[], fresh = false): Promise<number> {
    const requestedAt = this.clock.now();
    const dueAt = this.dueFrom(requestedAt);
    const rows: NewAcknowledgement[] = [];
    for (const r of requests) {
      for (const unitId of new Set(r.unitIds)) {
        rows.push({ kind: r.kind, subjectId: r.subjectId, taskId: r.taskId, unitId, requestedAt, dueAt });
      }
    }
    if (!rows.length) return 0;
    return fresh ? this.acknowledgements.insertNew(rows) : this.acknowledgements.insertMissing(rows);
  }

  /** Every acknowledgement on a task (of the task, its instructions and notices), for the task page. */
  async listForTask(taskId: number): Promise<AcknowledgementView[]> {
    const rows = await this.acknowledgements.list({ taskId, now: this.clock.now() });
    return rows.map((r) => this.view(null, r));
  }

  /** What the actor may see: a liaison its own unit's items only (another unit's filter gives nothing). */
  async list(
    actor: Actor,
    q: { unitId?: number; status?: AcknowledgementState; kind?: AcknowledgementKind; taskId?: number },
  ): Promise<AcknowledgementView[]> {
    assertCan(actor, 'acknowledgement.read');
    let unitId = q.unitId;
    if (listScope(actor, 'acknowledgement.read', { unit: 'a."unitId"' })) {
      if (unitId !== undefined && unitId !== actor.unitId) return [];
      unitId = actor.unitId ?? -1;
    }
    const rows = await this.acknowledgements.list({
      unitId,
      taskId: q.taskId,
      kind: q.kind,
      state: q.status,
      now: this.clock.now(),
    });
    return rows.map((r) => this.view(actor, r));
  }

  /**
   * The unit's liaison acknowledges one item. Another unit's item is refused (403); acknowledging an item
   * acknowledged already answers 200 with it as it was (the first acknowledgement stands).
   */
  async acknowledge(actor: Actor, id: number): Promise<AcknowledgementView> {
    const item = await this.acknowledgements.findById(id);
    if (!item) throw new NotFoundError('Acknowledgement', id, '签收事项');
    assertCan(actor, 'acknowledgement.ack', unitsObject([item.unitId]), {
      en: "Only the unit's liaison acknowledges what reached the unit",
      zh: '只有本单位联络员可以签收本单位的事项',
    });
    await this.acknowledgements.markAcknowledged([id], this.clock.now(), actor.id || null);
    const rows = await this.acknowledgements.list({ taskId: item.taskId, unitId: item.unitId, now: this.clock.now() });
    return this.view(actor, rows.find((r) => r.id === id) as AcknowledgementRow);
  }

  /** The liaison acknowledges every open item of its unit on a task (the caller checked the task is readable). */
  async acknowledgeTask(actor: Actor, taskId: number): Promise<AcknowledgementView[]> {
    if (actor.unitId === null || !can(actor, 'acknowledgement.ack', unitsObject([actor.unitId]))) {
      throw new ForbiddenError(
        "Only a unit's liaison acknowledges what reached the unit",
        '只有单位联络员可以签收本单位的事项',
      );
    }
    const open = await this.acknowledgements.openIdsOf(taskId, actor.unitId);
    await this.acknowledgements.markAcknowledged(open, this.clock.now(), actor.id || null);
    const rows = await this.acknowledgements.list({ taskId, unitId: actor.unitId, now: this.clock.now() });
    return rows.map((r) => this.view(actor, r));
  }

  /** Items awaited past their due time and not reminded yet, with their tasks (the reminder job). */
  dueForReminder(now: Date, limit: number): Promise<Acknowledgement[]> {
    return this.acknowledgements.dueForReminder(now, limit);
  }

  async markReminded(ids: number[], at: Date): Promise<void> {
    await this.acknowledgements.markReminded(ids, at);
  }

  /**
   * Per unit, the items requested in the period (YYYY-MM-DD inclusive) and how they were acknowledged; with a plan,
   * those on its tasks only.
   */
  figuresByUnit(from: string, to: string, planId?: number): Promise<UnitAcknowledgementFigures[]> {
    const tz = this.clock.timeZone;
    return this.acknowledgements.figuresByUnit(
      zonedTime(from, '00:00', tz),
      zonedTime(addDays(to, 1), '00:00', tz),
      this.clock.now(),
      planId,
    );
  }

  /** Per unit, the items of the period acknowledged after their due time or still open past it. */
  async lateByUnit(from: string, to: string): Promise<LateByUnit[]> {
    return (await this.figuresByUnit(from, to)).map(({ unitId, unitCode, unitName, unitNameEn, late }) => ({
      unitId,
      unitCode,
      unitName,
      unitNameEn,
      late,
    }));
  }

  private view(actor: Actor | null, r: AcknowledgementRow): AcknowledgementView {
    const now = this.clock.now();
    const status: AcknowledgementState = r.acknowledgedAt ? 'done' : r.dueAt < now ? 'overdue' : 'pending';
    const allowedActions: Action[] =
      actor && !r.acknowledgedAt && can(actor, 'acknowledgement.ack', unitsObject([r.unitId]))
        ? ['acknowledgement.ack']
        : [];
    return {
      id: r.id,
      kind: r.kind,
      subjectId: r.subjectId,
      task: { id: r.taskId, code: r.taskCode, title: r.taskTitle },
      unit: { id: r.unitId, code: r.unitCode, name: r.unitName, nameEn: r.unitNameEn },
      requestedAt: r.requestedAt.toISOString(),
      dueAt: r.dueAt.toISOString(),
      acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy:
        r.acknowledgedById !== null ? { id: r.acknowledgedById, displayName: r.acknowledgedByName ?? '' } : null,
      status,
      onTime: r.acknowledgedAt ? r.acknowledgedAt <= r.dueAt : null,
      remindedAt: r.remindedAt?.toISOString() ?? null,
      allowedActions,
    };
  }
}
