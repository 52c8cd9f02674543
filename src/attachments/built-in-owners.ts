// Registers the owners the product has from the start — reports, closing and extension requests, meetings and
// decisions — reading their features' repositories, so that none of those features has to know attachments; and
// gives the reports' answers their attachments.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MeetingsRepository } from '../meetings/meetings.repository';
import { ReportsRepository } from '../reports/reports.repository';
import { ReportsService, type ReportAttachmentRef } from '../reports/reports.service';
import { TaskRequestsRepository } from '../tasks/task-requests.repository';
import { TasksRepository } from '../tasks/tasks.repository';
import { AttachmentOwnersRegistry, type AttachmentOwner } from './attachment-owners.registry';
import { AttachmentsRepository } from './attachments.repository';

@Injectable()
export class BuiltInAttachmentOwners implements OnModuleInit {
  constructor(
    private readonly registry: AttachmentOwnersRegistry,
    private readonly reports: ReportsRepository,
    private readonly requests: TaskRequestsRepository,
    private readonly tasks: TasksRepository,
    private readonly meetings: MeetingsRepository,
    private readonly reportViews: ReportsService,
    private readonly attachments: AttachmentsRepository,
  ) {}

  onModuleInit(): void {
    // the reports' answers list their attachments, read for a page of reports in one query
    this.reportViews.useAttachments(async (reportIds) => {
      const byReport = new Map<number, ReportAttachmentRef[]>();
      for (const a of await this.attachments.ofOwners('report', reportIds)) {
        const list = byReport.get(a.ownerId) ?? [];
        list.push({ id: a.id, filename: a.filename, size: a.size, contentType: a.contentType });
        byReport.set(a.ownerId, list);
      }
      return byReport;
    });
    // a report is its unit's, editable by its filers until it is reviewed
    this.registry.register('report', async (id) => {
      const r = await this.reports.findById(id);
      return r && { taskId: r.taskId, meetingId: null, unitId: r.unitId, editable: r.status === 'submitted' };
    });
    // a request is the task's lead unit's, editable while it awaits a decision
    this.registry.register('closing_request', async (id) => {
      const c = await this.requests.findClosingById(id);
      return c && this.request(c.taskId, c.status === 'pending');
    });
    this.registry.register('extension_request', async (id) => {
      const e = await this.requests.findExtension(id);
      return e && this.request(e.taskId, e.status === 'pending');
    });
    // meetings and their decisions are the office's
    this.registry.register('meeting', async (id) => {
      const m = await this.meetings.findWithUnits(id);
      return m && { taskId: null, meetingId: m.id, unitId: null, editable: m.status !== 'cancelled' };
    });
    this.registry.register('decision', async (id) => {
      const [d] = await this.meetings.decisionsByIds([id]);
      return d ? { taskId: null, meetingId: d.meetingId, unitId: null, editable: true } : null;
    });
  }

  private async request(taskId: number, editable: boolean): Promise<AttachmentOwner | null> {
    const task = await this.tasks.findById(taskId);
    return task && { taskId, meetingId: null, unitId: task.leadUnitId, editable };
  }
}
