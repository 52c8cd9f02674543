// Urging (催办): a lead or the secretariat presses one of a task's units with a note; the note is mailed to the
// unit (mailbox and liaisons) through the outbox in the same transaction, and recorded in the task's audit trail.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { assertCan } from '../access';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ClockService, zonedTime } from '../common/clock.service';
import { addDays } from '../common/dates';
import { InvalidFieldError } from '../common/errors';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '../config/config';
import { OutboxService } from '../mail/outbox.service';
import { TemplateRenderer } from '../mail/template-renderer';
import { TasksService } from '../tasks/tasks.service';
import { RecipientsService } from '../units/recipients.service';
import { statusIn, unitNameIn } from './follow-up-mail';
import { UrgingsRepository, type UrgingRow } from './urgings.repository';

export interface UrgingView {
  id: number;
  taskId: number;
  unit: { id: number; code: string; name: string; nameEn: string | null };
  note: string;
  by: { id: number; displayName: string } | null;
  createdAt: string;
}

export interface UrgingCount {
  unit: { id: number; code: string; name: string; nameEn: string | null };
  count: number;
}

export interface TaskUrgings {
  urgingCount: number;
  byUnit: UrgingCount[];
  items: UrgingView[];
}

@Injectable()
export class UrgingsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly urgings: UrgingsRepository,
    private readonly tasks: TasksService,
    private readonly recipients: RecipientsService,
    private readonly renderer: TemplateRenderer,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  /** Urges one of the task's units; the unit must be its lead or a supporting unit (else 400 naming unitId). */
  async urge(actor: Actor, taskId: number, dto: { unitId: number; note: string }): Promise<UrgingView> {
    assertCan(actor, 'task.urge');
    const note = dto.note.trim();
    const id = await this.txHost.withTransaction(async () => {
      const task = await this.tasks.get(actor, taskId);
      const units = [task.leadUnit, ...task.supportingUnits];
      const unit = units.find((u) => u.id === dto.unitId) as (typeof task.supportingUnits)[number] | undefined;
      if (!unit) {
        throw new InvalidFieldError(
          'unitId',
          `unit ${dto.unitId} is neither the lead nor a supporting unit of task ${task.code}`,
          `单位 ${dto.unitId} 不是任务${task.code}的牵头单位或配合单位`,
          'not_task_unit',
        );
      }
      const urging = await this.urgings.insert({
        taskId,
        unitId: unit.id,
        note,
        byId: actor.id || null,
        createdAt: this.clock.now(),
      });
      const to = (await this.recipients.forUnits([unit.id])).get(unit.id);
      if (to && to.to.length) {
        const locale = to.locale;
        const mail = this.renderer.render('urging', locale, {
          urgingId: urging.id,
          taskId,
          code: task.code,
          title: locale === 'en' ? (task.titleEn ?? task.title) : task.title,
          url: `${publicBaseUrl(this.config)}/tasks/${taskId}`,
          unitName: unitNameIn(unit, locale),
          lead: unit.id === task.leadUnit.id,
          deadline: task.deadline,
          status: statusIn(task.status, locale),
          progress: task.progress,
          note,
          today: this.clock.today(),
        });
        await this.outbox.enqueue({
          key: `urging:${urging.id}:unit:${unit.id}`,
          kind: 'urging',
          recipientKey: `unit:${unit.id}`,
          to: to.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          // the line chat and SMS copies carry
          short: {
            text:
              locale === 'en'
                ? `Urged on task ${task.code} ${task.titleEn ?? task.title}: ${note}`
                : `催办：任务${task.code}${task.title}。${note}`,
            path: `/tasks/${taskId}`,
          },
        });
      }
      await this.audit.record(actor, 'task', taskId, 'urging.create', [
        { field: 'urging', from: null, to: { id: urging.id, unitId: unit.id, note } },
      ]);
      return urging.id;
    });
    this.outbox.kick();
    return (await this.listForTask(taskId)).find((u) => u.id === id) as UrgingView;
  }

  /** The urgings of a task the actor may read, with counts per unit. */
  async forTask(actor: Actor, taskId: number): Promise<TaskUrgings> {
    await this.tasks.findReadable(actor, taskId);
    const items = await this.listForTask(taskId);
    const byUnit = new Map<number, UrgingCount>();
    for (const u of items) {
      const entry = byUnit.get(u.unit.id) ?? { unit: u.unit, count: 0 };
      entry.count++;
      byUnit.set(u.unit.id, entry);
    }
    return { urgingCount: items.length, byUnit: [...byUnit.values()], items };
  }

  /** A task's urgings, newest first, with the names of the units and of who urged. */
  async listForTask(taskId: number): Promise<UrgingView[]> {
    return (await this.urgings.listForTask(taskId)).map(view);
  }

  /**
   * Urgings per unit made between two dates (YYYY-MM-DD, both inclusive, in the task force's time zone); with a
   * plan, those on its tasks only.
   */
  async countsByUnit(from: string, to: string, planId?: number): Promise<UrgingCount[]> {
    const tz = this.clock.timeZone;
    const rows = await this.urgings.countsByUnit(
      zonedTime(from, '00:00', tz),
      zonedTime(addDays(to, 1), '00:00', tz),
      planId,
    );
    return rows.map((r) => ({
      unit: { id: r.unitId, code: r.unitCode, name: r.unitName, nameEn: r.unitNameEn },
      count: r.count,
    }));
  }
}

function view(r: UrgingRow): UrgingView {
  return {
    id: r.id,
    taskId: r.taskId,
    unit: { id: r.unitId, code: r.unitCode, name: r.unitName, nameEn: r.unitNameEn },
    note: r.note,
    by: r.byId !== null ? { id: r.byId, displayName: r.byName ?? '' } : null,
    createdAt: r.createdAt.toISOString(),
  };
}
