// What a recorded supervision notice keeps to render its document again, the same each time: the task as it stood
// on issue, the plan, the issuing organ in both languages and the figures of the day. Pure.
import type { DocLocale } from '../documents/docx';
import type { PaperParts } from '../documents/paper.service';
import type { SupervisionInput } from '../tasks/supervision-notice';

export interface SupervisionSnapshot {
  task: SupervisionInput['task'];
  plan: SupervisionInput['plan'];
  parts: Record<DocLocale, PaperParts>;
  workingDaysOverdue: number;
  calendarMissingYears: number[];
}

/** The renderer's input for a recorded notice: its frozen snapshot with its number and dates. */
export function snapshotInput(
  notice: { number: string; issuedOn: string; replyDueOn: string; snapshot: SupervisionSnapshot },
  locale: DocLocale,
): SupervisionInput {
  const s = notice.snapshot;
  return {
    task: s.task,
    plan: s.plan,
    parts: s.parts[locale],
    number: notice.number,
    issuedOn: notice.issuedOn,
    replyBy: notice.replyDueOn,
    workingDaysOverdue: s.workingDaysOverdue,
    calendarMissingYears: s.calendarMissingYears,
  };
}
