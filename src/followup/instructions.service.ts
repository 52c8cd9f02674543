// Leaders' instructions (领导批示) on tasks: recorded by a lead on a task (or creating the task they give, in one
// transaction), mailed to the units they reach, and acknowledged by each unit (kind 'instruction').
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { assertCan } from '../access';
import { AcknowledgementsService } from '../acknowledgements/acknowledgements.service';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { InvalidFieldError } from '../common/errors';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '../config/config';
import { OutboxService } from '../mail/outbox.service';
import { TemplateRenderer } from '../mail/template-renderer';
import type { CreateTaskDto } from '../tasks/task.dto';
import type { TaskView } from '../tasks/task.view';
import { TasksService } from '../tasks/tasks.service';
import { RecipientsService } from '../units/recipients.service';
import { UnitsRepository } from '../units/units.repository';
import { momentIn, unitNameIn } from './follow-up-mail';
import { InstructionsRepository } from './instructions.repository';

export interface InstructionView {
  id: number;
  taskId: number;
  leaderName: string;
  text: string;
  issuedOn: string;
  by: { id: number; displayName: string } | null;
  createdAt: string;
  units: { id: number; code: string; name: string; nameEn: string | null }[];
}

export interface InstructionInput {
  leaderName: string;
  text: string;
  issuedOn?: string;
  unitIds?: number[];
}

@Injectable()
export class InstructionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly instructions: InstructionsRepository,
    private readonly tasks: TasksService,
    private readonly units: UnitsRepository,
    private readonly acknowledgements: AcknowledgementsService,
    private readonly recipients: RecipientsService,
    private readonly renderer: TemplateRenderer,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  /** Records an instruction on a task; it reaches `unitIds` (any units) or the task's lead and supporting units. */
  async create(actor: Actor, taskId: number, dto: InstructionInput): Promise<InstructionView> {
    assertCan(actor, 'instruction.create');
    const id = await this.txHost.withTransaction(async () => {
      const task = await this.tasks.get(actor, taskId);
      return this.record(actor, task, dto);
    });
    this.outbox.kick();
    return (await this.listForTask(taskId)).find((i) => i.id === id) as InstructionView;
  }

  /** Creates the task an instruction gives and records the instruction on it, in one transaction. */
  async createWithTask(
    actor: Actor,
    dto: InstructionInput & { task: CreateTaskDto },
  ): Promise<InstructionView & { task: TaskView }> {
    assertCan(actor, 'instruction.create');
    assertCan(actor, 'task.create');
    const { taskId, id } = await this.txHost.withTransaction(async () => {
      const task = await this.tasks.create(actor, dto.task);
      return { taskId: task.id, id: await this.record(actor, task, { ...dto, unitIds: undefined }) };
    });
    this.outbox.kick();
    const instruction = (await this.listForTask(taskId)).find((i) => i.id === id) as InstructionView;
    return { ...instruction, task: await this.tasks.get(actor, taskId) };
  }

  private async record(actor: Actor, task: TaskView, dto: InstructionInput): Promise<number> {
    const taskUnits = [task.leadUnit.id, ...task.supportingUnits.map((u) => u.id)];
    const unitIds = [...new Set(dto.unitIds ?? taskUnits)];
    const units = await this.units.findByIds(unitIds);
    const missing = unitIds.filter((u) => !units.some((x) => x.id === u));
    if (missing.length) {
      throw new InvalidFieldError(
        'unitIds',
        `unknown units ${missing.join(', ')}`,
        `单位 ${missing.join('、')} 不存在`,
      );
    }
    if (!unitIds.length) {
      throw new InvalidFieldError('unitIds', 'must name at least one unit', '至少须有一个单位', 'empty');
    }
    const today = this.clock.today();
    const issuedOn = dto.issuedOn ?? today;
    if (issuedOn > today) {
      throw new InvalidFieldError('issuedOn', 'must not be in the future', '批示日期不能晚于今天', 'future');
    }
    const instruction = await this.instructions.insert({
      taskId: task.id,
      leaderName: dto.leaderName.trim(),
      text: dto.text.trim(),
      issuedOn,
      byId: actor.id || null,
      createdAt: this.clock.now(),
      units,
    });
    await this.acknowledgements.request('instruction', instruction.id, task.id, unitIds);
    const dueAt = this.acknowledgements.dueFrom(this.clock.now());
    const recipients = await this.recipients.forUnits(unitIds);
    for (const unit of units) {
      const to = recipients.get(unit.id);
      if (!to || !to.to.length) continue;
      const locale = to.locale;
      const mail = this.renderer.render('instruction', locale, {
        instructionId: instruction.id,
        taskId: task.id,
        code: task.code,
        title: locale === 'en' ? (task.titleEn ?? task.title) : task.title,
        url: `${publicBaseUrl(this.config)}/tasks/${task.id}`,
        unitName: unitNameIn(unit, locale),
        leaderName: instruction.leaderName,
        issuedOn,
        deadline: task.deadline,
        text: instruction.text,
        dueAt: momentIn(dueAt, locale, this.clock.timeZone),
        today,
      });
      await this.outbox.enqueue({
        key: `instruction:${instruction.id}:unit:${unit.id}`,
        kind: 'instruction',
        recipientKey: `unit:${unit.id}`,
        to: to.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
      });
    }
    await this.audit.record(actor, 'task', task.id, 'instruction.create', [
      {
        field: 'instruction',
        from: null,
        to: { id: instruction.id, leaderName: instruction.leaderName, text: instruction.text, issuedOn, unitIds },
      },
    ]);
    return instruction.id;
  }

  /** The instructions of a task the actor may read. */
  async forTask(actor: Actor, taskId: number): Promise<InstructionView[]> {
    await this.tasks.findReadable(actor, taskId);
    return this.listForTask(taskId);
  }

  /** A task's instructions, the latest given first, with the units they reach and who recorded them. */
  async listForTask(taskId: number): Promise<InstructionView[]> {
    const rows = await this.instructions.listForTask(taskId);
    const names = await this.instructions.peopleNames(rows.flatMap((r) => (r.byId ? [r.byId] : [])));
    return rows.map((r) => ({
      id: r.id,
      taskId: r.taskId,
      leaderName: r.leaderName,
      text: r.text,
      issuedOn: r.issuedOn,
      by: r.byId ? { id: r.byId, displayName: names.get(r.byId) ?? '' } : null,
      createdAt: r.createdAt.toISOString(),
      units: (r.units ?? [])
        .map((u) => ({ id: u.id, code: u.code, name: u.name, nameEn: u.nameEn }))
        .sort((a, b) => a.id - b.id),
    }));
  }
}
