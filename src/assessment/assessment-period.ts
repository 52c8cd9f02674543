// The span an assessment covers: a reporting period (2023-09, 2023-Q3, 2023-W38) or a from/to pair of dates.
import { InvalidFieldError } from '../common/errors';
import { parsePeriod } from '../reports/report-period';

export interface AssessmentSpan {
  from: string;
  to: string;
  /** The period as asked (2023-09), or from–to. */
  label: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The span asked for; a 400 naming `period`, `from` or `to` otherwise. */
export function assessmentSpan(q: { period?: string; from?: string; to?: string }): AssessmentSpan {
  if (q.period !== undefined) {
    const p = parsePeriod(q.period);
    if (!p) {
      throw new InvalidFieldError(
        'period',
        'must be a month (YYYY-MM), a quarter (YYYY-Qn) or an ISO week (YYYY-Www)',
        '必须是月份（YYYY-MM）、季度（YYYY-Qn）或ISO周（YYYY-Www）',
        'isReportPeriod',
      );
    }
    return { from: p.start, to: p.end, label: q.period };
  }
  if (q.from === undefined || q.to === undefined) {
    throw new InvalidFieldError(
      'period',
      'give a period, or both from and to',
      '请给出考评期间（period），或同时给出起止日期（from、to）',
      'required',
    );
  }
  if (!ISO.test(q.from)) throw new InvalidFieldError('from', 'must be a date (YYYY-MM-DD)', '必须是日期（YYYY-MM-DD）');
  if (!ISO.test(q.to)) throw new InvalidFieldError('to', 'must be a date (YYYY-MM-DD)', '必须是日期（YYYY-MM-DD）');
  if (q.to < q.from) throw new InvalidFieldError('to', 'must not be before from', '不能早于开始日期', 'before_from');
  return { from: q.from, to: q.to, label: `${q.from}~${q.to}` };
}
