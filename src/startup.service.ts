// What runs before the service takes requests: migrations, the first admin, and the demo plan on an empty database.
// Several instances may start at once on one PostgreSQL database: they take turns (an advisory lock), so the
// migrations and the demo plan are applied once.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from './auth/actor';
import { APP_CONFIG, type AppConfig } from './config/config';
import { runAfterMigrations } from './database/migration-hooks';
import { PlanLoaderService } from './plan-files/plan-loader.service';
import { UsersService } from './users/users.service';

export interface StartupReport {
  migrations: string[];
  generatedAdmin: { email: string; password: string } | null;
  demoLoaded: boolean;
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
    return { migrations: applied.map((m) => m.name), generatedAdmin, demoLoaded };
  }
}
