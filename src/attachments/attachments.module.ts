// Attachments (附件) of reports, requests, meetings and decisions. It sits above the features whose objects own
// attachments and reads their repositories to resolve owners (built-in-owners.ts), so none of them imports it; a
// feature above it registers its own owner type through the exported AttachmentOwnersRegistry.
import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { AttachmentOwnersRegistry } from './attachment-owners.registry';
import { ATTACHMENT_STORE } from './attachment-store';
import { AttachmentsController, OwnerAttachmentsController } from './attachments.controller';
import { AttachmentsRepository, DatabaseAttachmentStore } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { BuiltInAttachmentOwners } from './built-in-owners';

@Module({
  imports: [TasksModule, ReportsModule, MeetingsModule],
  controllers: [AttachmentsController, OwnerAttachmentsController],
  providers: [
    AttachmentOwnersRegistry,
    AttachmentsRepository,
    { provide: ATTACHMENT_STORE, useClass: DatabaseAttachmentStore },
    AttachmentsService,
    BuiltInAttachmentOwners,
  ],
  exports: [AttachmentsService, AttachmentOwnersRegistry, AttachmentsRepository],
})
export class AttachmentsModule {}
