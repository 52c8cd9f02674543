// The documents and mail of consultation meetings: agenda and minutes as Markdown, HTML and Word, the iCalendar
// invitation, invitations, updates and cancellations by mail, and after the meeting the minutes and each unit's
// reminder letter.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts.module';
import { MeetingMailService } from '../meeting-mail.service';
import { MeetingsModule } from '../meetings.module';
import { DocumentTemplates } from './document-templates';
import { MeetingDocumentsController } from './meeting-documents.controller';
import { MeetingDocumentsService } from './meeting-documents.service';

@Module({
  imports: [AccountsModule, MeetingsModule],
  controllers: [MeetingDocumentsController],
  providers: [DocumentTemplates, MeetingDocumentsService, MeetingMailService],
  exports: [MeetingDocumentsService, MeetingMailService],
})
export class MeetingDocumentsModule {}
