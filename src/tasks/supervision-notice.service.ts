// Issues the supervision notice (督办单) of a graded task as Word or PDF: the task as its reader sees it, the number
// for the task's grade (a task that goes from yellow to red gets a new notice), the reply due some working days on.
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { WorkingDaysService } from '../calendar/working-days.service';
import { ClockService } from '../common/clock.service';
import { ConflictError } from '../common/errors';
import { DOCX_CONTENT_TYPE, type DocLocale } from '../documents/docx';
import { PaperService } from '../documents/paper.service';
import { PDF_CONTENT_TYPE } from '../documents/pdf';
import { PlansService } from '../plans/plans.service';
import { supervisionDocument, supervisionView } from './supervision-notice';
import { TasksService } from './tasks.service';

export interface SupervisionFile {
  content: Buffer;
  contentType: string;
  filename: string;
  asciiFilename: string;
}

@Injectable()
export class SupervisionNoticeService {
  constructor(
    private readonly tasks: TasksService,
    private readonly plans: PlansService,
    private readonly paper: PaperService,
    private readonly clock: ClockService,
    private readonly calendar: WorkingDaysService,
  ) {}

  /** The notice of a task graded red, yellow or blue; 409 for a task without a grade. */
  async render(actor: Actor, id: number, locale: DocLocale, format: 'docx' | 'pdf'): Promise<SupervisionFile> {
    const task = await this.tasks.get(actor, id);
    if (!task.colour) {
      throw new ConflictError(
        `Task ${task.code} has no colour grade today: a supervision notice is for a red, yellow or blue task`,
        `任务${task.code}当前未列入三色督办，不能生成督办单`,
        'not_graded',
      );
    }
    const plan = await this.plans.get(task.planId);
    const today = this.clock.today();
    const office = plan.title.replace(/(的)?(工作计划|工作方案|计划)$/, '') + '办公室';
    const officeEn = plan.titleEn
      ? `Office of the ${plan.titleEn.replace(/^(the\s+)?(work\s+)?plan\s+of\s+(the\s+)?/i, '')}`
      : office;
    const number = await this.paper.number('supervision', `task:${task.id}:${task.colour}`);
    const replyBy = this.calendar.addWorkingDays(today, this.paper.settings.supervisionReplyWorkingDays);
    const view = supervisionView(
      {
        task,
        plan: { title: plan.title, titleEn: plan.titleEn },
        parts: this.paper.parts(locale, locale === 'en' ? officeEn : office),
        number: number.label,
        issuedOn: number.issuedOn,
        replyBy,
        workingDaysOverdue: task.overdue ? Math.abs(task.workingDaysLeft) : 0,
        calendarMissingYears: this.calendar.missingYears([task.deadline, number.issuedOn, today, replyBy]),
      },
      locale,
    );
    const docx = await supervisionDocument(view);
    const base = locale === 'en' ? `supervision-notice-${task.code}` : `督办单-${task.code}`;
    return {
      content: format === 'pdf' ? await this.paper.pdf(docx) : docx,
      contentType: format === 'pdf' ? PDF_CONTENT_TYPE : DOCX_CONTENT_TYPE,
      filename: `${base.replace(/[\\/:*?"<>|\r\n]+/g, ' ')}.${format}`,
      asciiFilename: `task-${task.id}-supervision-notice.${format}`,
    };
  }
}
