// The scheduled reminder of acknowledgements (签收提醒): an item still awaited past its due time is reminded once,
// to its unit's mailbox and liaisons, through the outbox (key ack-reminder:<id>).
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AcknowledgementsService } from '../acknowledgements/acknowledgements.service';
import { ClockService } from '../common/clock.service';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '../config/config';
import { OutboxService } from '../mail/outbox.service';
import { TemplateRenderer } from '../mail/template-renderer';
import { SchedulerService, type JobContext, type JobResult } from '../scheduler/scheduler.service';
import { RecipientsService } from '../units/recipients.service';
import { momentIn, unitNameIn, type MailLocale } from './follow-up-mail';

/** Items one run reminds at most; the rest wait for the next run. */
const RUN_LIMIT = 2000;

const KIND_LABELS: Record<string, [string, string]> = {
  task: ['交办任务', 'Task assigned'],
  instruction: ['领导批示', "Leader's instruction"],
  supervision_notice: ['督办单', 'Supervision notice'],
};

export const acknowledgementReminderKey = (id: number) => `ack-reminder:${id}`;

@Injectable()
export class AcknowledgementRemindersService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly acknowledgements: AcknowledgementsService,
    private readonly recipients: RecipientsService,
    private readonly renderer: TemplateRenderer,
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
    private readonly clock: ClockService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'acknowledgement.remind',
      description: 'Reminds units once of what they have not acknowledged by its due time',
      descriptionZh: '超过签收时限未签收的事项，提醒单位一次',
      run: (ctx) => this.run(ctx),
    });
    this.scheduler.onRunCommitted((run) => {
      if (run.job === 'acknowledgement.remind' && run.messages > 0) this.outbox.kick();
    });
  }

  async run(ctx: JobContext): Promise<JobResult> {
    const now = this.clock.now();
    const due = await this.acknowledgements.dueForReminder(now, RUN_LIMIT);
    if (!due.length) return { messages: 0, note: '没有需要提醒的签收事项 / nothing awaits a reminder' };
    const recipients = await this.recipients.forUnits([...new Set(due.map((d) => d.unitId))]);
    let written = 0;
    const reminded: number[] = [];
    for (const item of due) {
      const rec = recipients.get(item.unitId);
      // an item of a unit without any address is marked too: it would be looked at every run otherwise
      reminded.push(item.id);
      if (!rec || !rec.to.length) continue;
      const locale: MailLocale = rec.locale;
      const en = locale === 'en';
      const mail = this.renderer.render('acknowledgement-reminder', locale, {
        unitName: unitNameIn(rec.unit, locale),
        count: 1,
        items: [
          {
            id: item.id,
            kindLabel: (KIND_LABELS[item.kind] ?? [item.kind, item.kind])[en ? 1 : 0],
            code: item.task.code,
            title: en ? (item.task.titleEn ?? item.task.title) : item.task.title,
            url: `${publicBaseUrl(this.config)}/tasks/${item.taskId}`,
            dueAt: momentIn(item.dueAt, locale, this.clock.timeZone),
          },
        ],
        today: ctx.today,
      });
      const { created } = await this.outbox.enqueue({
        key: acknowledgementReminderKey(item.id),
        kind: 'acknowledgement-reminder',
        recipientKey: `unit:${item.unitId}`,
        to: rec.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        jobRunId: ctx.runId,
      });
      if (created) written++;
    }
    await this.acknowledgements.markReminded(reminded, now);
    return { messages: written, note: `签收提醒 ${written} 封 / ${written} acknowledgement reminders` };
  }
}
