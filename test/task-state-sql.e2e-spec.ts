// The derived state computed by the database (task-state.sql.ts over calendar_day) is the state gradeTask computes,
// task by task, for the demo plan and for tasks made to sit on the edges: recurrences, holidays, adjusted working
// days, a start on the deadline, no start; on dates around the National Day and Spring Festival holidays.
import { DataSource } from 'typeorm';
import { WorkingDaysService } from '../src/calendar/working-days.service';
import { dialectOf } from '../src/database/sql';
import { gradeTask } from '../src/tasks/grades';
import { taskStateSql } from '../src/tasks/task-state.sql';
import { Task } from '../src/tasks/task.entity';
import { startApp, type TestApp } from './support/app';

const DATES = ['2023-09-20', '2023-09-28', '2023-10-01', '2023-10-07', '2023-12-29', '2024-02-08', '2024-02-19'];

describe('derived task state in SQL', () => {
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    t = await startApp({ today: '2023-09-20' });
    ds = t.app.get(DataSource);
    // Edge cases beside the demo plan: every recurrence day at the ends of months, deadlines on holidays.
    const base = (await ds.getRepository(Task).find({ order: { id: 'ASC' }, take: 1 }))[0];
    const extra: Partial<Task>[] = [];
    const rules = [
      { freq: 'monthly', day: 1 },
      { freq: 'monthly', day: 25 },
      { freq: 'monthly', day: 29 },
      { freq: 'monthly', day: 31 },
      { freq: 'quarterly', day: 30 },
      { freq: 'quarterly', day: 1 },
    ] as const;
    rules.forEach((r, i) =>
      extra.push({ code: `X-R${i}`, recurrence: { ...r }, startDate: '2023-01-01', deadline: '2024-06-30' }),
    );
    const deadlines = ['2023-09-29', '2023-10-01', '2023-10-06', '2023-10-08', '2024-02-10', '2024-02-18'];
    deadlines.forEach((d, i) => {
      extra.push({ code: `X-D${i}`, startDate: '2023-09-01', deadline: d, progress: (i * 17) % 100 });
      extra.push({ code: `X-S${i}`, startDate: d, deadline: d, progress: 0 });
      extra.push({ code: `X-N${i}`, startDate: null, deadline: d, status: 'in_progress' });
    });
    extra.push({ code: 'X-C', startDate: '2023-01-01', deadline: '2023-09-01', status: 'closed', progress: 100 });
    extra.push({ code: 'X-B', startDate: '2023-01-01', deadline: '2023-12-31', status: 'blocked', progress: 3 });
    for (const [i, e] of extra.entries()) {
      await ds.getRepository(Task).insert({
        planId: base.planId,
        workItemId: base.workItemId,
        leadUnitId: base.leadUnitId,
        title: `edge ${i}`,
        tags: [],
        status: 'assigned',
        progress: 10,
        originalDeadline: e.deadline,
        ...e,
      } as Task);
    }
  });
  afterAll(() => t.close());

  it('agrees with gradeTask on every task and date', async () => {
    const calendar = t.app.get(WorkingDaysService);
    const tasks = await ds.getRepository(Task).find({ order: { id: 'ASC' } });
    expect(tasks.length).toBeGreaterThan(40);
    let graded = 0;
    for (const today of DATES) {
      const s = taskStateSql(dialectOf(ds), 't', today, t.config.grades, calendar);
      const rows: Record<string, unknown>[] = await ds.query(
        `SELECT t.id AS "id", CASE WHEN ${s.overdue} THEN 1 ELSE 0 END AS "overdue",
           CASE WHEN ${s.dueSoon} THEN 1 ELSE 0 END AS "dueSoon", ${s.colour} AS "colour",
           ${s.expectedTenths} AS "tenths", ${s.workingDaysLeft} AS "left", ${s.nextDueDate} AS "next",
           ${s.colourRank} AS "rank"
         FROM "task" t ORDER BY t.id`,
      );
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      for (const task of tasks) {
        const js = gradeTask(task, today, calendar, t.config.grades);
        const row = byId.get(task.id)!;
        const sql = {
          overdue: Number(row.overdue) === 1,
          dueSoon: Number(row.dueSoon) === 1,
          colour: row.colour ?? null,
          expectedProgress: row.tenths === null ? null : Number(row.tenths) / 10,
          workingDaysLeft: Number(row.left),
          nextDueDate: row.next ?? null,
        };
        expect({ code: task.code, today, ...sql }).toEqual({
          code: task.code,
          today,
          overdue: js.overdue,
          dueSoon: js.dueSoon,
          colour: js.colour,
          expectedProgress: js.expectedProgress,
          workingDaysLeft: js.workingDaysLeft,
          nextDueDate: js.nextDueDate,
        });
        expect(Number(row.rank)).toBe(({ red: 3, yellow: 2, blue: 1 } as Record<string, number>)[js.colour ?? ''] ?? 0);
        graded++;
      }
    }
    expect(graded).toBe(tasks.length * DATES.length);
  });

  it('keeps the calendar table equal to the working-day calendar', async () => {
    const rows: { date: string; working: number; ordinal: number }[] = await ds.query(
      `SELECT "date", "working", "ordinal" FROM "calendar_day" WHERE "date" BETWEEN '2023-09-25' AND '2023-10-10' ORDER BY "date"`,
    );
    const calendar = t.app.get(WorkingDaysService);
    for (const r of rows) expect([r.date, Number(r.working) === 1]).toEqual([r.date, calendar.isWorkingDay(r.date)]);
    // 2023-10-07 (a Saturday) was worked; 2023-09-29 to 10-06 were the National Day holiday.
    expect(rows.filter((r) => Number(r.working) === 1).map((r) => r.date)).toEqual([
      '2023-09-25',
      '2023-09-26',
      '2023-09-27',
      '2023-09-28',
      '2023-10-07',
      '2023-10-08',
      '2023-10-09',
      '2023-10-10',
    ]);
    const first = Number(rows[0].ordinal);
    expect(Number(rows[rows.length - 1].ordinal) - first).toBe(calendar.workingDaysBetween('2023-09-25', '2023-10-10'));
  });
});
