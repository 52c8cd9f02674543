// Spreadsheet exports: the task list as the caller sees it through GET /api/tasks (every matching task, streamed a
// batch at a time), and a dispatch round's reports per unit and task as GET /api/dispatch-rounds/:id shows them.
// Both are scoped by the features' own services, so a liaison's export holds its unit's rows only.
import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { DispatchService } from '../dispatch/dispatch.service';
import { ReportsRepository } from '../reports/reports.repository';
import { TaskStateSqlFactory } from '../tasks/task-state-sql.factory';
import { TasksRepository } from '../tasks/tasks.repository';
import { TasksService } from '../tasks/tasks.service';
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
import {
  addTableSheet,
  newWorkbook,
  streamTableSheet,
  workbookBuffer,
  type SheetColumn,
  type SheetLang,
  type SheetValue,
} from './xlsx';

export interface SheetFile {
  content: Buffer;
  filename: string;
  asciiFilename: string;
  rows: number;
}

export function sheetLang(lang: SheetLangParam | undefined): SheetLang {
  return lang === 'en' ? 'en' : 'zh-CN';
}

/** Tasks read, graded and written at a time: memory holds one batch, whatever the number of tasks. */
const EXPORT_BATCH = 2000;

/** A sheet streamed as it is written: `write` sends it to the output and resolves with its number of rows. */
export interface SheetStream {
  filename: string;
  asciiFilename: string;
  /** The tasks found when the export began (a task deleted meanwhile is left out of the sheet). */
  rows: number;
  write(out: Writable): Promise<number>;
}

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
    private readonly taskRecords: TasksRepository,
    private readonly stateSql: TaskStateSqlFactory,
    private readonly dispatch: DispatchService,
    private readonly clock: ClockService,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Who took which data out, how much: each export is in the audit log (entity type export). */
  private recordExport(actor: Actor, what: string, rows: number, details: Record<string, unknown>): Promise<void> {
    return this.audit.record(actor, 'export', 0, `export.${what}`, [
      { field: 'rows', from: null, to: rows },
      { field: 'query', from: null, to: details },
    ]);
  }

  /**
   * The task list as a workbook to stream: every task matching the filters of GET /api/tasks that the actor may
   * see, in the list's order. The ids are read now (a bad filter fails before anything is sent); `write` then reads
   * the rows a batch at a time, with their links, grades each row as the list does, and streams the sheet.
   */
  async tasksExport(actor: Actor, q: TaskExportQueryDto): Promise<SheetStream> {
    const { lang: langParam, ...filters } = q;
    const lang = sheetLang(langParam);
    const en = lang === 'en';
    const ids = await this.tasks.orderedIds(actor, filters);
    await this.recordExport(actor, 'tasks', ids.length, { ...q });
    const today = this.clock.today();
    const now = this.clock.now();
    return {
      filename: en ? `tasks-${today}.xlsx` : `任务清单-${today}.xlsx`,
      asciiFilename: `tasks-${today}.xlsx`,
      rows: ids.length,
      write: async (out) => {
        const sheet = streamTableSheet(out, now, {
          name: en ? 'Tasks' : '任务清单',
          columns: TASK_COLUMNS,
          lang,
          fill: (key, value) => (key === 'colour' && typeof value === 'string' ? colourFill(value) : null),
        });
        // The next batch is read while this one is written: the database and the sheet's writing overlap.
        const read = (i: number) =>
          i < ids.length ? this.taskRows(ids.slice(i, i + EXPORT_BATCH), lang, today) : null;
        let next = read(0);
        try {
          for (let i = 0; next; i += EXPORT_BATCH) {
            const rows = await next;
            next = read(i + EXPORT_BATCH);
            if (out.destroyed) throw new Error('the output was closed before the sheet was written');
            await sheet.add(rows);
          }
        } catch (e) {
          // A read under way when the sheet fails is not awaited: its own failure is not the one to report.
          next?.catch(() => undefined);
          throw e;
        }
        return sheet.finish();
      },
    };
  }

  /** The sheet rows of these tasks, in the order of the ids: columns, names and grades read for the batch at once. */
  private async taskRows(ids: number[], lang: SheetLang, today: string): Promise<Record<TaskColumnKey, SheetValue>[]> {
    const en = lang === 'en';
    const sep = listSeparator(lang);
    const state = this.stateSql.forDay(today);
    const tasks = new Map((await this.taskRecords.sheetRowsByIds(ids, state)).map((t) => [t.id, t]));
    const name = (zh: string | null, other: string | null) => (en ? other || zh : zh);
    // A task deleted since the ids were read is left out.
    return ids.flatMap((id): Record<TaskColumnKey, SheetValue>[] => {
      const t = tasks.get(id);
      if (!t) return [];
      return [
        {
          code: t.code,
          workItem: name(t.workItemTitle, t.workItemTitleEn),
          // The title stays as planned in either language: the sheet imports back without renaming tasks.
          title: t.title,
          leadUnit: name(t.leadUnitName, t.leadUnitNameEn),
          supportingUnits: t.supportingUnits.map((u) => name(u.name, u.nameEn)).join(sep) || null,
          owner: t.owner,
          startDate: date(t.startDate),
          deadline: date(t.deadline),
          originalDeadline: date(t.originalDeadline),
          status: statusLabel(t.status, lang),
          progress: t.progress,
          colour: colourLabel(t.colour, lang) || null,
          overdue: yesNo(t.overdue, lang),
          tags: t.tags.join(sep) || null,
        },
      ];
    });
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
    await this.recordExport(actor, 'round_reports', rows.length, { roundId, lang });
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
