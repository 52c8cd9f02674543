// Spreadsheet exports: the task list as the caller sees it through GET /api/tasks, and a dispatch round's reports
// per unit and task as GET /api/dispatch-rounds/:id shows them. Both read through the features' own services, so a
// liaison's export holds its unit's rows only.
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { ClockService } from '../common/clock.service';
import { DispatchService } from '../dispatch/dispatch.service';
import { ReportsRepository } from '../reports/reports.repository';
import type { TaskQueryDto } from '../tasks/task.dto';
import { TasksService } from '../tasks/tasks.service';
import type { TaskView } from '../tasks/task.view';
import {
  TASK_COLUMNS,
  colourFill,
  colourLabel,
  listSeparator,
  statusLabel,
  yesNo,
  type TaskColumnKey,
} from './task-columns';
import type { SheetLangParam, TaskExportQueryDto } from './spreadsheet.dto';
import { addTableSheet, newWorkbook, workbookBuffer, type SheetColumn, type SheetLang, type SheetValue } from './xlsx';

export interface SheetFile {
  content: Buffer;
  filename: string;
  asciiFilename: string;
  rows: number;
}

export function sheetLang(lang: SheetLangParam | undefined): SheetLang {
  return lang === 'en' ? 'en' : 'zh-CN';
}

/** Pages through the task list; a plan has hundreds of tasks, the bound keeps a runaway loop impossible. */
const PAGE = 500;
const MAX_PAGES = 200;

type ReportColumnKey =
  | 'unit'
  | 'taskCode'
  | 'taskTitle'
  | 'reported'
  | 'filedOn'
  | 'late'
  | 'percent'
  | 'text'
  | 'problems'
  | 'nextSteps'
  | 'needsCoordination';

const REPORT_COLUMNS: SheetColumn<ReportColumnKey>[] = [
  { key: 'unit', zh: '单位', en: 'Unit', width: 22 },
  { key: 'taskCode', zh: '任务编号', en: 'Task code', width: 10 },
  { key: 'taskTitle', zh: '任务', en: 'Task', width: 40, kind: 'long' },
  { key: 'reported', zh: '已报送', en: 'Reported', width: 8 },
  { key: 'filedOn', zh: '报送日期', en: 'Report date', width: 12, kind: 'date' },
  { key: 'late', zh: '逾期', en: 'Late', width: 7 },
  { key: 'percent', zh: '进度%', en: 'Progress %', width: 9, kind: 'number' },
  { key: 'text', zh: '进展情况', en: 'Progress', width: 50, kind: 'long' },
  { key: 'problems', zh: '存在问题', en: 'Problems', width: 36, kind: 'long' },
  { key: 'nextSteps', zh: '下步计划', en: 'Next steps', width: 36, kind: 'long' },
  { key: 'needsCoordination', zh: '需协调', en: 'Needs coordination', width: 9 },
];

const date = (d: string | null): SheetValue => (d ? { date: d } : null);

@Injectable()
export class SpreadsheetExportService {
  constructor(
    private readonly tasks: TasksService,
    private readonly dispatch: DispatchService,
    private readonly clock: ClockService,
    private readonly reports: ReportsRepository,
  ) {}

  /** Every task matching the filters of GET /api/tasks that the actor may see, in the list's order. */
  async listAll(actor: Actor, q: Omit<TaskExportQueryDto, 'lang'>): Promise<TaskView[]> {
    const out: TaskView[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await this.tasks.list(actor, { ...q, page, pageSize: PAGE } as TaskQueryDto);
      out.push(...res.items);
      if (out.length >= res.total || res.items.length < PAGE) break;
    }
    return out;
  }

  async tasksWorkbook(actor: Actor, q: TaskExportQueryDto): Promise<SheetFile> {
    const { lang: langParam, ...filters } = q;
    const lang = sheetLang(langParam);
    const tasks = await this.listAll(actor, filters);
    const en = lang === 'en';
    const sep = listSeparator(lang);
    const rows = tasks.map((t): Record<TaskColumnKey, SheetValue> => {
      const wi = t.workItem as { title?: string; titleEn?: string | null };
      const lead = t.leadUnit as { name?: string; nameEn?: string | null };
      return {
        code: t.code,
        workItem: (en ? wi.titleEn || wi.title : wi.title) ?? null,
        // The title stays as planned in either language: the sheet imports back without renaming tasks.
        title: t.title,
        leadUnit: (en ? lead.nameEn || lead.name : lead.name) ?? null,
        supportingUnits: t.supportingUnits.map((u) => (en ? u.nameEn || u.name : u.name)).join(sep) || null,
        owner: t.ownerName,
        startDate: date(t.startDate),
        deadline: date(t.deadline),
        originalDeadline: date(t.originalDeadline),
        status: statusLabel(t.status, lang),
        progress: t.progress,
        colour: colourLabel(t.colour, lang) || null,
        overdue: yesNo(t.overdue, lang),
        tags: t.tags.join(sep) || null,
      };
    });
    const wb = newWorkbook(this.clock.now());
    addTableSheet(wb, {
      name: en ? 'Tasks' : '任务清单',
      columns: TASK_COLUMNS,
      rows,
      lang,
      fill: (key, value) => (key === 'colour' && typeof value === 'string' ? colourFill(value) : null),
    });
    const today = this.clock.today();
    return {
      content: await workbookBuffer(wb),
      filename: en ? `tasks-${today}.xlsx` : `任务清单-${today}.xlsx`,
      asciiFilename: `tasks-${today}.xlsx`,
      rows: rows.length,
    };
  }

  /**
   * A round's reports: one row per unit in scope and task it leads, with the report that answers it (the latest
   * one filed, when a unit filed again), as GET /api/dispatch-rounds/:id shows the round to the actor.
   */
  async roundReportsWorkbook(actor: Actor, roundId: number, langParam?: SheetLangParam): Promise<SheetFile> {
    const lang = sheetLang(langParam);
    const en = lang === 'en';
    const round = await this.dispatch.get(actor, roundId);
    const today = this.clock.today();
    const rows: Record<ReportColumnKey, SheetValue>[] = [];
    for (const status of round.units) {
      if (!status.expected.count) continue;
      const unitName = en ? status.unit.nameEn || status.unit.name : status.unit.name;
      // the unit's tasks a page at a time, so a round of any size is read in bounded steps
      for (let page = 1; ; page++) {
        const tasks = await this.dispatch.roundTasks(actor, roundId, {
          unitId: status.unit.id,
          role: 'lead',
          page,
          pageSize: 500,
        });
        const reports = await this.reports.findByIdsAsFiled(tasks.items.flatMap((t) => t.reportIds));
        for (const task of tasks.items) {
          const mine = reports.filter((r) => r.unitId === status.unit.id && r.taskId === task.id);
          const report = mine.length ? mine[mine.length - 1] : null;
          const late = report ? report.filedOn > round.dueDate : today > round.dueDate;
          rows.push({
            unit: unitName,
            taskCode: task.code,
            taskTitle: en ? task.titleEn || task.title : task.title,
            reported: yesNo(report !== null, lang),
            filedOn: date(report?.filedOn ?? null),
            late: yesNo(late, lang),
            percent: report?.percent ?? null,
            text: report?.text ?? null,
            problems: report?.problems || null,
            nextSteps: report?.nextSteps || null,
            needsCoordination: report ? yesNo(report.needsCoordination, lang) : null,
          });
        }
        if (page * 500 >= tasks.total) break;
      }
    }
    const wb = newWorkbook(this.clock.now());
    addTableSheet(wb, { name: en ? 'Reports' : '报送情况', columns: REPORT_COLUMNS, rows, lang });
    const safePeriod = round.period.replace(/[^0-9A-Za-z-]/g, '');
    return {
      content: await workbookBuffer(wb),
      filename: en ? `dispatch-reports-${safePeriod}.xlsx` : `调度报送情况-${safePeriod}.xlsx`,
      asciiFilename: `dispatch-reports-${safePeriod}.xlsx`,
      rows: rows.length,
    };
  }
}
