// What runs before the service takes requests: migrations, the first admin, and the demo plan on an empty database;
// then a warning when today, a current plan's deadlines or a job's next run fall in a year without calendar data.
// Several instances may start at once on one PostgreSQL database: they take turns (an advisory lock), so the
// migrations and the demo plan are applied once.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from './auth/actor';
import { calendarStartupWarning } from './calendar/calendar-gaps';
import { WorkingDaysService } from './calendar/working-days.service';
import { ClockService } from './common/clock.service';
import { APP_CONFIG, type AppConfig } from './config/config';
import { runAfterMigrations } from './database/migration-hooks';
import { PlanLoaderService } from './plan-files/plan-loader.service';
import { PlansRepository } from './plans/plans.repository';
import { SchedulerService } from './scheduler/scheduler.service';
import { TasksRepository } from './tasks/tasks.repository';
import { UsersService } from './users/users.service';

export interface StartupReport {
  migrations: string[];
  generatedAdmin: { email: string; password: string } | null;
  demoLoaded: boolean;
  /** Years without working-day data that today, the current plans or the next runs reach (warned of in the log). */
  calendarMissingYears: number[];
}

/** The advisory lock key instances take turns on at start ("zhuanban" in ASCII, as a 32-bit number). */
const STARTUP_LOCK = 0x7a6862;

@Injectable()
export class StartupService {
  private readonly logger = new Logger('Startup');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly plans: PlanLoaderService,
    private readonly planRows: PlansRepository,
    private readonly tasks: TasksRepository,
    private readonly scheduler: SchedulerService,
    private readonly workingDays: WorkingDaysService,
    private readonly clock: ClockService,
  ) {}

  async run(): Promise<StartupReport> {
    if (this.dataSource.options.type !== 'postgres') return this.runAlone();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
      return await this.runAlone();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }

  private async runAlone(): Promise<StartupReport> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    await runAfterMigrations(this.dataSource);
    if (applied.length) this.logger.log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    let demoLoaded = false;
    if (this.config.demo.load && (await this.plans.isEmpty())) {
      await this.plans.loadFile(SYSTEM_ACTOR, this.config.demo.planFile);
      demoLoaded = true;
      this.logger.log(`loaded the demo plan from ${this.config.demo.planFile}`);
    }
    const generatedAdmin = await this.users.ensureAdmin(
      SYSTEM_ACTOR,
      this.config.admin.email,
      this.config.admin.password,
    );
    const calendarMissingYears = await this.calendarGaps();
    if (calendarMissingYears.length) this.logger.warn(calendarStartupWarning(calendarMissingYears));
    return { migrations: applied.map((m) => m.name), generatedAdmin, demoLoaded, calendarMissingYears };
  }

  /** The years without calendar data that today, a plan not yet ended (its deadlines) or a job's next run reaches. */
  private async calendarGaps(): Promise<number[]> {
    const today = this.clock.today();
    const dates: (string | Date | null)[] = [today];
    for (const plan of await this.planRows.allPlans()) {
      if (plan.endDate && plan.endDate < today) continue;
      const span = await this.tasks.deadlineSpan(plan.id);
      dates.push(plan.endDate, span.first, span.last);
    }
    for (const job of this.scheduler.schedule()) if (job.nextRun) dates.push(new Date(job.nextRun));
    return this.workingDays.missingYears(dates);
  }
}
