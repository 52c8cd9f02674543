// What is derived from a task's dates and progress, never stored: overdue, due soon, the pro-rata expectation
// (序时进度) and the colour grade (三色督办): red — overdue; yellow — behind pro-rata by more than the margin;
// blue — due within N working days.
import { daysBetween } from '../common/dates';
import type { WorkingDaysService } from '../calendar/working-days.service';
import { OPEN_STATUSES } from './status-machine';
import type { Recurrence, TaskStatus } from './task.entity';

export type Colour = 'red' | 'yellow' | 'blue';

export interface GradeSettings {
  dueSoonWorkingDays: number;
  yellowMarginPercent: number;
}

export interface GradedFields {
  status: TaskStatus;
  startDate: string | null;
  deadline: string;
  progress: number;
  recurrence: Recurrence | null;
}

export interface TaskState {
  overdue: boolean;
  dueSoon: boolean;
  colour: Colour | null;
  /** Percent of the task's time elapsed today; null when it has no start date or recurs. */
  expectedProgress: number | null;
  /** Working days from today to the deadline (negative once overdue). */
  workingDaysLeft: number;
  /** For a recurring task, the next date its work is due by. */
  nextDueDate: string | null;
}

/** The next due date of a recurring task on or after `today`, moved back to a working day. */
export function nextRecurrence(rule: Recurrence, today: string, end: string, cal: WorkingDaysService): string | null {
  const [y, m] = today.split('-').map(Number);
  const step = rule.freq === 'quarterly' ? 3 : 1;
  let month = rule.freq === 'quarterly' ? Math.floor((m - 1) / 3) * 3 + 3 : m;
  let year = y;
  for (let i = 0; i < 30; i++) {
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const day = Math.min(rule.day, lastDay);
    const due = cal.onOrBeforeWorkingDay(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    if (due > end) return null;
    if (due >= today) return due;
    month += step;
    if (month > 12) {
      month -= 12;
      year++;
    }
  }
  return null;
}

/**
 * The share of a task's time elapsed on `today`, in tenths of a percent, rounded half up: whole-number arithmetic,
 * so the database (task-state.sql.ts) computes the very same figure.
 */
export function expectedTenths(startDate: string, deadline: string, today: string): number {
  const span = daysBetween(startDate, deadline);
  const elapsed = daysBetween(startDate, today);
  if (span <= 0) return elapsed >= 0 ? 1000 : 0;
  if (elapsed <= 0) return 0;
  if (elapsed >= span) return 1000;
  return Math.floor((2000 * elapsed + span) / (2 * span));
}

export function gradeTask(
  task: GradedFields,
  today: string,
  cal: WorkingDaysService,
  settings: GradeSettings,
): TaskState {
  const open = OPEN_STATUSES.includes(task.status);
  const nextDueDate = task.recurrence ? nextRecurrence(task.recurrence, today, task.deadline, cal) : null;
  const due = nextDueDate ?? task.deadline;
  const workingDaysLeft = cal.workingDaysBetween(today, due);
  const overdue = open && today > task.deadline;
  const dueSoon = open && !overdue && due >= today && workingDaysLeft <= settings.dueSoonWorkingDays;
  const tenths = task.startDate && !task.recurrence ? expectedTenths(task.startDate, task.deadline, today) : null;
  const expectedProgress = tenths === null ? null : tenths / 10;
  const behind = open && tenths !== null && task.progress * 10 < tenths - settings.yellowMarginPercent * 10;
  const colour: Colour | null = overdue ? 'red' : behind ? 'yellow' : dueSoon ? 'blue' : null;
  return { overdue, dueSoon, colour, expectedProgress, workingDaysLeft, nextDueDate };
}
