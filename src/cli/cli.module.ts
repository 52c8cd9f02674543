// The command line's application: the server's modules, the features whose commands it runs, and every command,
// listed in the order `help` shows them. Each command lives with its feature (`<feature>.commands.ts`).
import { Module, type DynamicModule } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AuditPurgeCommand, AuditVerifyCommand } from '../audit/audit.commands';
import { AppModule } from '../app.module';
import { BulletinCommand, BulletinsCommand } from '../bulletins/bulletins.commands';
import { BulletinsModule } from '../bulletins/bulletins.module';
import type { AppConfig } from '../config/config';
import { BackupCommand, RestoreCommand } from '../database/backup.commands';
import { MigrateCommand } from '../database/database.commands';
import { DigestPreviewCommand } from '../digests/digests.commands';
import { DigestsModule } from '../digests/digests.module';
import { OpenRoundCommand, RemindRoundCommand, RoundsCommand } from '../dispatch/dispatch.commands';
import { DispatchModule } from '../dispatch/dispatch.module';
import { DeliverCommand, OutboxCommand, OutboxRetryCommand } from '../mail/outbox.commands';
import { MeetingDocCommand } from '../meetings/documents/meeting-documents.commands';
import { MeetingDocumentsModule } from '../meetings/documents/meeting-documents.module';
import { AgendaCommand, MeetingsCommand } from '../meetings/meetings.commands';
import { MeetingsModule } from '../meetings/meetings.module';
import { PlanFileError } from '../plan-files/plan-file';
import { LoadPlanCommand, SeedDemoCommand } from '../plan-files/plan-files.commands';
import { PlanFilesModule } from '../plan-files/plan-files.module';
import { PlansModule } from '../plans/plans.module';
import { JobsCommand, RunJobCommand } from '../scheduler/scheduler.commands';
import { ExportTasksCommand, ImportTasksCommand } from '../spreadsheets/spreadsheets.commands';
import { SpreadsheetsModule } from '../spreadsheets/spreadsheets.module';
import { CreateUserCommand } from '../users/users.commands';
import { CLI_OUTPUT, type CliOutput } from './cli-command';
import { AttachCommand, AttachmentsCommand } from '../attachments/attachments.commands';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AssessmentCommand } from '../assessment/assessment.commands';
import { AssessmentModule } from '../assessment/assessment.module';
import { ChannelTestCommand, ChannelsCommand } from '../channels/channels.commands';
import { ChannelsModule } from '../channels/channels.module';
import { FollowupModule } from '../followup/followup.module';
import { AcknowledgementsCommand, UrgeCommand } from '../followup/followup.commands';

/** Errors of the features that mean the user's input was wrong (exit code 2), beside domain and config errors. */
export const CLI_USER_MISTAKES = [PlanFileError];

@Module({})
export class CliModule {
  static forRoot(config: AppConfig, io: CliOutput): DynamicModule {
    return {
      module: CliModule,
      imports: [
        AppModule.forRoot(config),
        AccountsModule,
        PlansModule,
        PlanFilesModule,
        DispatchModule,
        BulletinsModule,
        DigestsModule,
        SpreadsheetsModule,
        MeetingDocumentsModule,
        MeetingsModule,
        AttachmentsModule,
        AssessmentModule,
        ChannelsModule,
        FollowupModule,
      ],
      providers: [
        { provide: CLI_OUTPUT, useValue: io },
        MigrateCommand,
        BackupCommand,
        RestoreCommand,
        AuditVerifyCommand,
        AuditPurgeCommand,
        SeedDemoCommand,
        LoadPlanCommand,
        CreateUserCommand,
        OpenRoundCommand,
        RoundsCommand,
        RemindRoundCommand,
        BulletinCommand,
        BulletinsCommand,
        JobsCommand,
        RunJobCommand,
        OutboxCommand,
        OutboxRetryCommand,
        DeliverCommand,
        DigestPreviewCommand,
        ExportTasksCommand,
        ImportTasksCommand,
        MeetingDocCommand,
        MeetingsCommand,
        AgendaCommand,
        AttachmentsCommand,
        AttachCommand,
        AssessmentCommand,
        ChannelsCommand,
        ChannelTestCommand,
        UrgeCommand,
        AcknowledgementsCommand,
      ],
    };
  }
}
