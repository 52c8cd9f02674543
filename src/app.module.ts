import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuthGuard } from './auth/auth.guard';
import { signInAccount } from './auth/sign-in-limit';
import { AccountsModule } from './accounts.module';
import { BulletinsModule } from './bulletins/bulletins.module';
import { AccessRefusalFilter } from './audit/access-refusal.filter';
import { AllExceptionsFilter } from './common/exception.filter';
import { createLogger, loggingModule } from './common/logging';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/config';
import { CoreModule } from './core.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DigestsModule } from './digests/digests.module';
import { dataSourceOptions } from './database/data-source-options';
import { DispatchModule } from './dispatch/dispatch.module';
import { DossierModule } from './dossier/dossier.module';
import { HealthModule } from './health/health.module';
import { IndicatorsModule } from './indicators/indicators.module';
import { MailModule } from './mail/mail.module';
import { MeetingDocumentsModule } from './meetings/documents/meeting-documents.module';
import { MeetingsModule } from './meetings/meetings.module';
import { MyWorkModule } from './my-work/my-work.module';
import { PlansModule } from './plans/plans.module';
import { PlanFilesModule } from './plan-files/plan-files.module';
import { ReportsModule } from './reports/reports.module';
import { SchedulerModule } from './scheduler/scheduler.module';
import { SpreadsheetsModule } from './spreadsheets/spreadsheets.module';
import { TasksModule } from './tasks/tasks.module';
import { StartupService } from './startup.service';
import { SupervisionModule } from './supervision/supervision.module';
import { AssessmentModule } from './assessment/assessment.module';
import { WebModule } from './web/web.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { ChannelsModule } from './channels/channels.module';
import { FollowupModule } from './followup/followup.module';

@Module({})
export class AppModule {
  /** `logger`: the HTTP server's, which also writes its request lines; by default one from the configuration. */
  static forRoot(config: AppConfig, logger: Logger = createLogger(config)): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule(logger),
        TypeOrmModule.forRoot(dataSourceOptions(config)),
        // Transactions ride on the async context: a service called inside another's transaction joins it.
        ClsModule.forRoot({
          global: true,
          plugins: [
            new ClsPluginTransactional({
              adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }),
              enableTransactionProxy: false,
            }),
          ],
        }),
        CoreModule.forRoot(config),
        SchedulerModule,
        // Sign-in attempts are limited per client address and, whichever address they come from, per account.
        ThrottlerModule.forRoot([
          { ttl: config.auth.loginWindowSeconds * 1000, limit: config.auth.loginLimit },
          {
            name: 'account',
            ttl: config.auth.loginWindowSeconds * 1000,
            limit: config.auth.accountLoginLimit,
            getTracker: signInAccount,
          },
        ]),
        MailModule,
        HealthModule,
        AccountsModule,
        PlansModule,
        PlanFilesModule,
        TasksModule,
        ReportsModule,
        IndicatorsModule,
        DashboardModule,
        DispatchModule,
        DigestsModule,
        BulletinsModule,
        MeetingsModule,
        MeetingDocumentsModule,
        SpreadsheetsModule,
        DossierModule,
        MyWorkModule,
        WebModule,
        AttachmentsModule,
        SupervisionModule,
        AssessmentModule,
        ChannelsModule,
        FollowupModule,
      ],
      providers: [
        StartupService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        // tried before the one above: Nest asks the global filters last-registered first
        { provide: APP_FILTER, useClass: AccessRefusalFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
