// The scheduled side of dispatch rounds: 'dispatch.open' opens the month's round on every plan with open tasks,
// due by a day of the month moved back to a working day; 'dispatch.remind' reminds the units that still owe
// reports on the days the working-day calendar gives, and lists the late units once after the due date.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../auth/actor';
import { WorkingDaysService } from '../calendar/working-days.service';
import { ConflictError, DomainError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { PlansRepository } from '../plans/plans.repository';
import { SchedulerService, type JobContext, type JobResult } from '../scheduler/scheduler.service';
import { TasksRepository } from '../tasks/tasks.repository';
import { DispatchMailer } from './dispatch-mail.service';
import { OPEN_JOB, REMIND_JOB, openOptions, remindOptions } from './dispatch-options';
import { DispatchRepository } from './dispatch.repository';
import { DispatchService } from './dispatch.service';
import { monthlyDueDate, roundCalendar } from './reminder-days';
import { lateUnits } from './round-status';

@Injectable()
export class DispatchJobs implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerService,
    private readonly dispatch: DispatchService,
    private readonly rounds: DispatchRepository,
    private readonly plans: PlansRepository,
    private readonly tasks: TasksRepository,
    private readonly mailer: DispatchMailer,
    private readonly calendar: WorkingDaysService,
  ) {}

  onModuleInit(): void {
    // A wrong setting stops start-up rather than the first run.
    openOptions(this.config.scheduler.jobs[OPEN_JOB]);
    remindOptions(this.config.scheduler.jobs[REMIND_JOB]);
    this.scheduler.register({
      name: OPEN_JOB,
      description: "Opens the month's dispatch round on every plan with open tasks",
      descriptionZh: '为每个有进行中任务的工作计划发起本月调度',
      // a month whose 1st is a day off gets its round on the next working day, not never
      onDayOff: 'next',
      run: (ctx) => this.open(ctx),
    });
    this.scheduler.register({
      name: REMIND_JOB,
      description: 'Reminds units of reports due in open dispatch rounds; lists the late units after the due date',
      descriptionZh: '提醒尚未报送的单位；截止日后通报逾期未报单位',
      run: (ctx) => this.remind(ctx),
    });
  }

  /**
   * Opens the round of the slot's month on each plan that has open tasks (on the day a day off moved the slot
   * to); an existing round is left alone.
   */
  async open(ctx: JobContext): Promise<JobResult> {
    const { dueDay } = openOptions(ctx.options);
    const period = ctx.slotDate.slice(0, 7);
    const dueDate = monthlyDueDate(this.calendar, period, dueDay);
    const plans = await this.plans.allPlans();
    const notes: string[] = [];
    let messages = 0;
    for (const plan of plans) {
      const openTasks = await this.tasks.countOpenOf(plan.id);
      if (!openTasks) {
        notes.push(`${plan.code}: no open task`);
        continue;
      }
      const existing = await this.rounds.roundFor(plan.id, period);
      if (existing) {
        notes.push(`${plan.code}: round ${existing.id} for ${period} exists, left alone`);
        continue;
      }
      if (dueDate < ctx.today) {
        notes.push(`${plan.code}: ${period} due date ${dueDate} has passed, not opened`);
        continue;
      }
      try {
        const opened = await this.dispatch.openIn(SYSTEM_ACTOR, { planId: plan.id, period, dueDate }, ctx.runId);
        messages += opened.requests.created.length;
        notes.push(
          `${plan.code}: opened round ${opened.round.id} for ${period} due ${dueDate}, ` +
            `${opened.requests.messageIds.length} requests` +
            (opened.requests.withoutAddress.length
              ? `, units without an address: ${opened.requests.withoutAddress.join(', ')}`
              : ''),
        );
      } catch (e) {
        // a plan whose open tasks involve no active unit has nothing to ask for; other plans still open
        if (!(e instanceof DomainError) || e instanceof ConflictError) throw e;
        notes.push(`${plan.code}: not opened (${e.messageEn})`);
      }
    }
    return { messages, note: notes.join('; ') || 'no plan' };
  }

  /**
   * For each open round: on its reminder days, a reminder to each unit with reports missing (once a day per
   * unit); from the first working day after the due date, the late units to the secretariat and the leads, once.
   */
  async remind(ctx: JobContext): Promise<JobResult> {
    const { daysBefore } = remindOptions(ctx.options);
    const rounds = await this.rounds.openRoundsWithPlan();
    const notes: string[] = [];
    let messages = 0;
    for (const round of rounds) {
      const when = roundCalendar(this.calendar, round.dueDate, daysBefore);
      const reminding = when.reminderDays.includes(ctx.today);
      const listingLate = ctx.today >= when.lateNoticeDay;
      if (!reminding && !listingLate) continue;
      const { scope, rows } = await this.dispatch.statusIn(round, ctx.today);
      const { plan } = round;
      const mailCtx = {
        round,
        planTitle: plan.title,
        planTitleEn: plan.titleEn,
        tasks: scope.tasks,
        jobRunId: ctx.runId,
        keySuffix: ctx.force ? `:force-${ctx.runId}` : '',
      };
      if (reminding) {
        const left = Math.max(0, this.calendar.workingDaysBetween(ctx.today, round.dueDate));
        const sent = await this.mailer.reminders(mailCtx, rows, ctx.today, left);
        messages += sent.created.length;
        notes.push(
          `round ${round.id}: reminded ${sent.created.length} units` +
            (sent.withoutAddress.length ? `, units without an address: ${sent.withoutAddress.join(', ')}` : ''),
        );
      }
      if (listingLate) {
        const late = lateUnits(rows, ctx.today, round.dueDate);
        if (!late.length) continue;
        const sent = await this.mailer.lateNotice(mailCtx, late, ctx.today);
        messages += sent.created.length;
        if (sent.created.length) notes.push(`round ${round.id}: late units ${late.map((r) => r.unit.id).join(', ')}`);
      }
    }
    return { messages, note: notes.join('; ') || 'nothing due today' };
  }
}
