// The supervision notice (督办单) as a document: the facts of a graded task gathered into the renderer's input, and
// the Word or PDF file made from an input (a task's current state, or a recorded notice's frozen snapshot).
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { WorkingDaysService } from '../calendar/working-days.service';
import { ClockService } from '../common/clock.service';
import { ConflictError } from '../common/errors';
import { DOCX_CONTENT_TYPE, type DocLocale } from '../documents/docx';
import { PaperService, planOffice } from '../documents/paper.service';
import { PDF_CONTENT_TYPE } from '../documents/pdf';
import { PlansService } from '../plans/plans.service';
import { supervisionDocument, supervisionView, type SupervisionInput } from '../tasks/supervision-notice';
import { TasksService } from '../tasks/tasks.service';
import type { SupervisionSnapshot } from './supervision-snapshot';

export interface SupervisionFile {
  content: Buffer;
  contentType: string;
  filename: string;
  asciiFilename: string;
}

type TaskOfNotice = SupervisionInput['task'];

@Injectable()
export class SupervisionNoticeService {
  constructor(
    private readonly tasks: TasksService,
    private readonly plans: PlansService,
    private readonly paper: PaperService,
    private readonly clock: ClockService,
    private readonly calendar: WorkingDaysService,
  ) {}

  /** The task as its reader sees it (404 when it may not read it). */
  taskOf(actor: Actor, id: number): Promise<TaskOfNotice> {
    return this.tasks.get(actor, id);
  }

  /** The task as its reader sees it, refused (409 task_not_graded) unless graded in `grades`. */
  async gradedTask(actor: Actor, id: number, grades: readonly string[]): Promise<TaskOfNotice> {
    const task = await this.tasks.get(actor, id);
    if (!task.colour || !grades.includes(task.colour)) {
      const list = grades.join(', ');
      throw new ConflictError(
        `Task ${task.code} is graded ${task.colour ?? 'nothing'} today: a supervision notice is for a task graded ${list}`,
        `任务${task.code}当前${task.colour ? `为${COLOUR_ZH[task.colour]}` : '未列入三色督办'}，只能对${grades
          .map((g) => COLOUR_ZH[g])
          .join('、')}任务发出督办单`,
        grades.length === 3 ? 'not_graded' : 'task_not_graded',
      );
    }
    return task;
  }

  /** What a notice issued today keeps: the task, the plan, the organ in both languages, the day's figures. */
  async snapshot(task: TaskOfNotice, issuedOn: string, replyBy: string): Promise<SupervisionSnapshot> {
    const plan = await this.plans.get(task.planId);
    // the caller's permitted actions are the issuer's, not part of the document
    const {
      allowedActions: _a,
      allowedStatuses: _s,
      ...frozen
    } = task as TaskOfNotice & {
      allowedActions?: unknown;
      allowedStatuses?: unknown;
    };
    return {
      task: frozen as TaskOfNotice,
      plan: { title: plan.title, titleEn: plan.titleEn },
      parts: {
        'zh-CN': this.paper.parts('zh-CN', planOffice(plan, 'zh-CN')),
        en: this.paper.parts('en', planOffice(plan, 'en')),
      },
      workingDaysOverdue: task.overdue ? Math.abs(task.workingDaysLeft) : 0,
      calendarMissingYears: this.calendar.missingYears([task.deadline, issuedOn, this.clock.today(), replyBy]),
    };
  }

  /** The reply date by default: documents.supervisionReplyWorkingDays working days after `from`. */
  defaultReplyBy(from: string): string {
    return this.calendar.addWorkingDays(from, this.paper.settings.supervisionReplyWorkingDays);
  }

  /** The notice of a task graded red, yellow or blue as it stands today; 409 for a task without a grade. */
  async render(actor: Actor, id: number, locale: DocLocale, format: 'docx' | 'pdf'): Promise<SupervisionFile> {
    const task = await this.gradedTask(actor, id, ['red', 'yellow', 'blue']);
    const number = await this.paper.number('supervision', `task:${task.id}:${task.colour}`);
    const replyBy = this.defaultReplyBy(this.clock.today());
    const snap = await this.snapshot(task, number.issuedOn, replyBy);
    return this.file(
      {
        task: snap.task,
        plan: snap.plan,
        parts: snap.parts[locale],
        number: number.label,
        issuedOn: number.issuedOn,
        replyBy,
        workingDaysOverdue: snap.workingDaysOverdue,
        calendarMissingYears: snap.calendarMissingYears,
      },
      locale,
      format,
    );
  }

  /** The document of an input, as Word or PDF, with its file names. */
  async file(input: SupervisionInput, locale: DocLocale, format: 'docx' | 'pdf'): Promise<SupervisionFile> {
    const docx = await supervisionDocument(supervisionView(input, locale));
    const code = input.task.code;
    const base = locale === 'en' ? `supervision-notice-${code}` : `督办单-${code}`;
    return {
      content: format === 'pdf' ? await this.paper.pdf(docx) : docx,
      contentType: format === 'pdf' ? PDF_CONTENT_TYPE : DOCX_CONTENT_TYPE,
      filename: `${base.replace(/[\\/:*?"<>|\r\n]+/g, ' ')}.${format}`,
      asciiFilename: `task-${input.task.id}-supervision-notice.${format}`,
    };
  }
}

const COLOUR_ZH: Record<string, string> = { red: '红色', yellow: '黄色', blue: '蓝色' };
