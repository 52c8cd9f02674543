// The ranking of member units (成员单位排名), one rule for the bulletin and the dashboard: a unit is ranked once it
// leads RANKING_MIN_TASKS counted tasks; units are compared on on-time reporting (the dispatch rounds due in the
// period), then on-time closing (the tasks closed so far), then the fewest overdue tasks; a rate a unit has no
// basis for yet (no report due, nothing closed) counts as met in full — nothing was owed, so nothing was late — and
// the figure itself still shows as none; units equal on all three share a rank (1, 1, 3). Pure, so the rule is
// tested without a database.

/** Counted tasks a unit must lead to be ranked: with fewer, one closing or one report decides its place. */
export const RANKING_MIN_TASKS = 2;

export interface RankingRow {
  unitId: number;
  code: string;
  /** Counted tasks the unit leads (counted-tasks.ts). */
  ledTasks: number;
  /** On-time reporting rate in percent; null when no report was due. */
  reportingRate: number | null;
  /** On-time closing rate in percent; null when nothing is closed yet. */
  closingRate: number | null;
  /** Its overdue tasks. */
  overdue: number;
}

/** Higher rates first; a rate with nothing owed counts as 100%. */
function byRate(a: number | null, b: number | null): number {
  return (b ?? 100) - (a ?? 100);
}

/** The order of the rule, without the unit code: 0 when two units are equal on every metric. */
export function compareRanked(a: RankingRow, b: RankingRow): number {
  return byRate(a.reportingRate, b.reportingRate) || byRate(a.closingRate, b.closingRate) || a.overdue - b.overdue;
}

/**
 * The rows in ranking order (ranked units first, then the others, each by unit code within a tie) with their rank:
 * null for a unit leading fewer than RANKING_MIN_TASKS tasks.
 */
export function rankUnits<R extends RankingRow>(rows: readonly R[]): (R & { rank: number | null })[] {
  const ranked = rows
    .filter((r) => r.ledTasks >= RANKING_MIN_TASKS)
    .sort((a, b) => compareRanked(a, b) || a.code.localeCompare(b.code));
  const out: (R & { rank: number | null })[] = [];
  ranked.forEach((r, i) => {
    const prev = out[i - 1];
    const rank = prev && compareRanked(ranked[i - 1], r) === 0 ? (prev.rank as number) : i + 1;
    out.push({ ...r, rank });
  });
  const others = rows
    .filter((r) => r.ledTasks < RANKING_MIN_TASKS)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => ({ ...r, rank: null }));
  return [...out, ...others];
}

/** The rule in words, as the bulletin and the dashboard print it. */
export const RANKING_RULE = {
  zh:
    `排名规则：牵头任务（按统计口径）不少于${RANKING_MIN_TASKS}项的单位参加排名；依次比较按期报送率（本期到期的调度）、` +
    '按期办结率（计划开始以来办结的任务）、逾期任务数（少者在前）；某项尚无应报送或已办结事项的单位，该项按100%计；各项均相同的单位名次并列。',
  en:
    `Ranking rule: units leading at least ${RANKING_MIN_TASKS} counted tasks are ranked; they are compared on ` +
    'on-time reporting (dispatch rounds due in the period), then on-time closing (tasks closed since the plan began), ' +
    'then the fewest overdue tasks; a metric on which a unit owed nothing yet counts as 100%; units equal ' +
    'on all three share a rank.',
} as const;
