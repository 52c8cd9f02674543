// Escalation (督办): a task overdue by N working days climbs a configured ladder — from the lead unit's liaisons and
// mailbox to its supervising leader (分管领导) and the task force's leads. Each rung is sent once per task and
// deadline (an approved extension moves the deadline and so restarts the ladder); when several rungs fell due at
// once (after downtime) only the highest is sent, and the lower ones count as superseded.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { OutboxService } from '../mail/outbox.service';
import { TemplateRenderer } from '../mail/template-renderer';
import type { ProgressReport } from '../reports/progress-report.entity';
import { ReportsRepository } from '../reports/reports.repository';
import { SchedulerService, type JobContext, type JobResult } from '../scheduler/scheduler.service';
import { RecipientsService, type Locale, type PersonRecipient } from '../units/recipients.service';
import type { Unit } from '../units/unit.entity';
import { UnitsRepository } from '../units/units.repository';
import { DigestQueryService, type TaskRow } from './digest-query.service';
import { STATUS_LABELS } from './change-lines';

type Audience = AppConfig['escalation']['ladder'][number]['to'][number];

export interface LadderStep {
  /** The rung's place on the ladder, lowest first: 0, 1, 2 … (the key of its message). */
  index: number;
  afterWorkingDays: number;
  to: Audience[];
}

/** The ladder ordered by how late a task must be, lowest rung first. */
export function orderLadder(ladder: AppConfig['escalation']['ladder']): LadderStep[] {
  return [...ladder]
    .sort((a, b) => a.afterWorkingDays - b.afterWorkingDays)
    .map((s, index) => ({ index, afterWorkingDays: s.afterWorkingDays, to: [...s.to] }));
}

/** The highest rung due for a task overdue by this many working days, or null. */
export function highestDueStep(ladder: LadderStep[], overdueDays: number): LadderStep | null {
  let due: LadderStep | null = null;
  for (const step of ladder) if (step.afterWorkingDays <= overdueDays) due = step;
  return due;
}

export const escalationKey = (taskId: number, step: number, deadline: string) =>
  `escalation:${taskId}:${step}:${deadline}`;

const KEY = /^escalation:(\d+):(\d+):(\d{4}-\d{2}-\d{2})$/;
const MAX_REPORT_TEXT = 300;

@Injectable()
export class EscalationService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly query: DigestQueryService,
    private readonly recipients: RecipientsService,
    private readonly renderer: TemplateRenderer,
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
    private readonly units: UnitsRepository,
    private readonly reports: ReportsRepository,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'escalation',
      description: "Escalation of overdue tasks up the ladder: the unit's liaisons, its supervising leader, the leads",
      descriptionZh: '逾期任务逐级督办：单位联络员、分管领导、专班负责人',
      run: (ctx) => this.run(ctx),
    });
    // the messages are committed with the run: wake the sender rather than wait for its next poll
    this.scheduler.onRunCommitted((run) => {
      if (run.job === 'escalation' && run.messages > 0) this.outbox.kick();
    });
  }

  async run(ctx: JobContext): Promise<JobResult> {
    const ladder = orderLadder(this.config.escalation.ladder);
    if (!ladder.length) return { messages: 0, note: '督办阶梯为空 / the escalation ladder is empty' };
    const due = await this.dueSteps(ctx.today, ladder);
    if (!due.length) return { messages: 0, note: '没有需要督办的任务 / no task is due for escalation' };

    const recipients = await this.recipients.forUnits([...new Set(due.map((d) => d.task.leadUnitId))]);
    const audiences = new Set(ladder.flatMap((s) => s.to));
    const leads = audiences.has('leads') ? await this.recipients.audience('leads') : [];
    const secretariat = audiences.has('secretariat') ? await this.recipients.audience('secretariat') : [];
    const reports = await this.latestReports(due.map((d) => d.task));
    const unitIds = new Set([...due.map((d) => d.task.leadUnitId), ...[...reports.values()].map((r) => r.unitId)]);
    const units = new Map((await this.units.findByIds([...unitIds])).map((u) => [u.id, u]));

    let queued = 0;
    let unaddressed = 0;
    for (const { task, step, overdueDays } of due) {
      const rec = recipients.get(task.leadUnitId);
      const unitSide: string[] = [];
      if (rec && step.to.includes('mailbox') && rec.mailbox) unitSide.push(rec.mailbox);
      if (rec && step.to.includes('liaisons')) unitSide.push(...rec.liaisons);
      if (rec && step.to.includes('supervisingLeader') && rec.supervisingLeader) unitSide.push(rec.supervisingLeader);
      const above: PersonRecipient[] = [
        ...(step.to.includes('leads') ? leads : []),
        ...(step.to.includes('secretariat') ? secretariat : []),
      ];
      // the letter is addressed to the unit side; the task force's people above it are copied
      let to = unique(unitSide);
      let cc = unique(above.map((p) => p.email)).filter((a) => !to.some((t) => t.toLowerCase() === a.toLowerCase()));
      if (!to.length) [to, cc] = [cc, []];
      if (!to.length) {
        unaddressed++;
        continue;
      }
      const locale = rec?.locale ?? 'zh-CN';
      const report = reports.get(task.id) ?? null;
      const mail = this.renderer.render('escalation', locale, {
        ...this.view(task, units, locale, overdueDays, ctx.today),
        step: {
          number: step.index + 1,
          of: ladder.length,
          afterWorkingDays: step.afterWorkingDays,
          toUnit: step.to.includes('liaisons') || step.to.includes('mailbox'),
          toSupervisingLeader: step.to.includes('supervisingLeader'),
          toLeads: step.to.includes('leads'),
          toSecretariat: step.to.includes('secretariat'),
        },
        report: report && {
          id: report.id,
          period: report.period,
          filedOn: report.filedOn,
          percent: report.percent,
          text: clip(report.text),
          problems: clip(report.problems),
          fromLeadUnit: report.unitId === task.leadUnitId,
          unitName: nameOf(units.get(report.unitId), locale, report.unitId),
        },
      });
      const { created } = await this.outbox.enqueue({
        key: escalationKey(task.id, step.index, task.deadline),
        kind: 'escalation',
        recipientKey: `unit:${task.leadUnitId}`,
        to,
        cc,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        jobRunId: ctx.runId,
      });
      if (created) queued++;
    }
    return {
      messages: queued,
      note: `督办函 ${queued} 封，无收件人 ${unaddressed} 项 / ${queued} escalation notices, ${unaddressed} without recipients`,
    };
  }

  private view(task: TaskRow, units: Map<number, Unit>, locale: Locale, overdueDays: number, today: string) {
    const en = locale === 'en';
    const unit = units.get(task.leadUnitId);
    const baseUrl = (this.config.publicUrl ?? `http://${this.config.host}:${this.config.port}`).replace(/\/+$/, '');
    return {
      taskId: task.id,
      code: task.code,
      title: en ? (task.titleEn ?? task.title) : task.title,
      url: `${baseUrl}/tasks/${task.id}`,
      unitName: nameOf(unit, locale, task.leadUnitId),
      supervisingLeaderName: unit?.supervisingLeaderName ?? null,
      deadline: task.deadline,
      originalDeadline: task.originalDeadline,
      replanned: task.deadline !== task.originalDeadline,
      overdueDays,
      today,
      progress: task.progress,
      status: STATUS_LABELS[task.status] ? STATUS_LABELS[task.status][en ? 1 : 0] : task.status,
    };
  }

  /**
   * Open overdue tasks with the highest rung due for each, leaving out those whose rung (or a higher one) was
   * already queued for the deadline in force.
   */
  async dueSteps(today: string, ladder: LadderStep[]) {
    // only the tasks late enough for the lowest rung, counted in the database
    const tasks = await this.query.overdueTasks(today, ladder[0].afterWorkingDays);
    if (!tasks.length) return [];
    const sent = await this.sentSteps();
    const out: { task: TaskRow; step: LadderStep; overdueDays: number }[] = [];
    for (const { task, overdueDays } of tasks) {
      const step = highestDueStep(ladder, overdueDays);
      if (!step) continue;
      const highestSent = sent.get(`${task.id}|${task.deadline}`);
      if (highestSent !== undefined && highestSent >= step.index) continue;
      out.push({ task, step, overdueDays });
    }
    return out;
  }

  /** The highest rung already queued per task and deadline, read from the outbox keys. */
  private async sentSteps(): Promise<Map<string, number>> {
    const keys = await this.outbox.keysStartingWith('escalation', 'escalation:');
    const out = new Map<string, number>();
    for (const key of keys) {
      const m = KEY.exec(key);
      if (!m) continue;
      const step = `${m[1]}|${m[3]}`;
      out.set(step, Math.max(out.get(step) ?? -1, Number(m[2])));
    }
    return out;
  }

  /** The latest standing report of each task, the lead unit's first. */
  private async latestReports(tasks: TaskRow[]): Promise<Map<number, ProgressReport>> {
    const out = new Map<number, ProgressReport>();
    if (!tasks.length) return out;
    const lead = new Map(tasks.map((t) => [t.id, t.leadUnitId]));
    // newest first, per task
    for (const r of await this.reports.ofTasks([...lead.keys()])) {
      if (r.status === 'returned') continue;
      const current = out.get(r.taskId);
      const isLead = r.unitId === lead.get(r.taskId);
      if (!current || (isLead && current.unitId !== lead.get(r.taskId))) out.set(r.taskId, r);
    }
    return out;
  }
}

function unique(list: string[]): string[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const k = a.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function clip(text: string): string {
  const flat = (text ?? '').trim();
  return flat.length > MAX_REPORT_TEXT ? `${flat.slice(0, MAX_REPORT_TEXT - 1)}…` : flat;
}

function nameOf(unit: Unit | undefined, locale: Locale, id: number): string {
  if (!unit) return `#${id}`;
  return locale === 'en' ? (unit.nameEn ?? unit.name) : unit.name;
}
