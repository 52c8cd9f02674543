// The scheduled check of unanswered supervision notices: a notice still open after its reply date climbs the
// escalation ladder (escalation.ladder) past the unit itself — to the first rung that reaches the unit's
// supervising leader or the task force's leads — once per notice (outbox key supervision-late:<id>).
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { orderLadder, type LadderStep } from '../digests/escalation.service';
import { OutboxService } from '../mail/outbox.service';
import { TemplateRenderer } from '../mail/template-renderer';
import { SchedulerService, type JobContext, type JobResult } from '../scheduler/scheduler.service';
import { RecipientsService, type PersonRecipient, type UnitRecipients } from '../units/recipients.service';
import { SupervisionRepository } from './supervision.repository';
import { SupervisionService } from './supervision.service';

export const lateKey = (noticeId: number) => `supervision-late:${noticeId}`;

/** The rung a missed reply goes to: the first above the unit (its supervising leader or the leads), else the top. */
export function lateRung(ladder: LadderStep[]): LadderStep | null {
  return ladder.find((s) => s.to.includes('supervisingLeader') || s.to.includes('leads')) ?? ladder.at(-1) ?? null;
}

/** To the unit side the rung names, copied to the task force's people above it; the copy list alone if no unit side. */
export function rungAddresses(
  step: LadderStep,
  rec: UnitRecipients | undefined,
  leads: PersonRecipient[],
  secretariat: PersonRecipient[],
): { to: string[]; cc: string[] } {
  const unitSide: string[] = [];
  if (rec && step.to.includes('mailbox') && rec.mailbox) unitSide.push(rec.mailbox);
  if (rec && step.to.includes('liaisons')) unitSide.push(...rec.liaisons);
  if (rec && step.to.includes('supervisingLeader') && rec.supervisingLeader) unitSide.push(rec.supervisingLeader);
  const above = [...(step.to.includes('leads') ? leads : []), ...(step.to.includes('secretariat') ? secretariat : [])];
  const seen = new Set<string>();
  const once = (a: string) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()) !== undefined;
  const to = unitSide.filter(once);
  const cc = above.map((p) => p.email).filter(once);
  return to.length ? { to, cc } : { to: cc, cc: [] };
}

@Injectable()
export class SupervisionLateService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SupervisionRepository,
    private readonly supervision: SupervisionService,
    private readonly recipients: RecipientsService,
    private readonly renderer: TemplateRenderer,
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'supervision.late',
      description: 'Supervision notices not answered by their reply date, escalated up the ladder once',
      descriptionZh: '督办单逾期未反馈的，按督办阶梯逐级上报（每份一次）',
      run: (ctx) => this.run(ctx),
    });
    this.scheduler.onRunCommitted((run) => {
      if (run.job === 'supervision.late' && run.messages > 0) this.outbox.kick();
    });
  }

  async run(ctx: JobContext): Promise<JobResult> {
    const step = lateRung(orderLadder(this.config.escalation.ladder));
    if (!step) return { messages: 0, note: '督办阶梯为空 / the escalation ladder is empty' };
    const sent = new Set(await this.outbox.keysStartingWith('supervision-late', 'supervision-late:'));
    const due = (await this.repo.unansweredBefore(ctx.today)).filter((n) => !sent.has(lateKey(n.id)));
    if (!due.length) return { messages: 0, note: '没有逾期未反馈的督办单 / no notice is unanswered past its date' };
    const recipients = await this.recipients.forUnits([...new Set(due.map((n) => n.unitId))]);
    const leads = step.to.includes('leads') ? await this.recipients.audience('leads') : [];
    const secretariat = step.to.includes('secretariat') ? await this.recipients.audience('secretariat') : [];
    let queued = 0;
    let unaddressed = 0;
    for (const notice of due) {
      const rec = recipients.get(notice.unitId);
      const { to, cc } = rungAddresses(step, rec, leads, secretariat);
      if (!to.length) {
        unaddressed++;
        continue;
      }
      const locale = rec?.locale ?? 'zh-CN';
      const en = locale === 'en';
      const task = notice.snapshot.task;
      const unit = task.leadUnit as { name?: string; nameEn?: string | null };
      const mail = this.renderer.render('supervision-late', locale, {
        number: notice.number,
        code: task.code,
        title: en ? (task.titleEn ?? task.title) : task.title,
        unitName: en ? (unit.nameEn ?? unit.name) : unit.name,
        supervisingLeaderName: rec?.unit.supervisingLeaderName ?? null,
        toSupervisingLeader: step.to.includes('supervisingLeader'),
        toLeads: step.to.includes('leads'),
        issuedOn: notice.issuedOn,
        replyDueOn: notice.replyDueOn,
        today: ctx.today,
        url: `${this.supervision.baseUrl()}/supervision/${notice.id}`,
      });
      const { created } = await this.outbox.enqueue({
        key: lateKey(notice.id),
        kind: 'supervision-late',
        recipientKey: `unit:${notice.unitId}`,
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
      note: `督办单逾期未反馈上报 ${queued} 封，无收件人 ${unaddressed} 份 / ${queued} late-reply escalations, ${unaddressed} without recipients`,
    };
  }
}
