// Unit assessment (考评) as pure rules: events of a kind carry a quantity (one report, three working days overdue),
// each kind is worth configured points per unit of quantity, a unit's score is the sum, and units are ranked by
// score (ties share a rank: 1, 1, 3). The one function every figure of the assessment comes from: the API, the
// export, the bulletin and the dashboard.
import type { AppConfig } from '../config/config';

export type AssessmentPoints = AppConfig['assessment']['points'];

/** What an event traces to: the row it was counted from (a report, a task, a supervision notice…). */
export interface AssessmentRef {
  type: string;
  id: number;
}

export interface AssessmentEvent {
  kind: string;
  unitId: number;
  taskId: number | null;
  /** The day it happened (or, for days overdue, the last day counted in the period). */
  on: string;
  /** How many units of the kind: 1 for most, working days for overduePerWorkingDay. */
  quantity: number;
  ref: AssessmentRef;
  description: { zh: string; en: string };
}

/** Per unit and kind: how many events and their summed quantity (a provider's grouped answer). */
export interface AssessmentTotal {
  unitId: number;
  kind: string;
  events: number;
  quantity: number;
}

export interface UnitForScoring {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
}

export interface KindScore {
  kind: string;
  events: number;
  quantity: number;
  points: number;
}

export interface UnitScore {
  unit: UnitForScoring;
  score: number;
  rank: number;
  kinds: KindScore[];
}

/** Points are kept to two decimals so that −0.5 × 3 shows as −1.5 everywhere, not as a float's tail. */
export function roundPoints(n: number): number {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
}

/** The points a quantity of a kind is worth; a kind without configured points is worth none. */
export function pointsOf(points: AssessmentPoints, kind: string, quantity: number): number {
  const per = (points as Record<string, number>)[kind] ?? 0;
  return roundPoints(per * quantity);
}

/**
 * Every unit with its score, points per kind (every kind listed, in `kinds` order) and rank: by score, highest
 * first; equal scores share a rank and are listed by unit code.
 */
export function scoreUnits(
  units: readonly UnitForScoring[],
  totals: readonly AssessmentTotal[],
  points: AssessmentPoints,
  kinds: readonly string[],
): UnitScore[] {
  const byUnit = new Map<number, Map<string, AssessmentTotal>>();
  for (const t of totals) {
    const m = byUnit.get(t.unitId) ?? new Map<string, AssessmentTotal>();
    const prev = m.get(t.kind);
    m.set(t.kind, {
      ...t,
      events: (prev?.events ?? 0) + t.events,
      quantity: (prev?.quantity ?? 0) + t.quantity,
    });
    byUnit.set(t.unitId, m);
  }
  const scored = units.map((unit) => {
    const mine = byUnit.get(unit.id);
    const perKind = kinds.map((kind) => {
      const t = mine?.get(kind);
      const quantity = t?.quantity ?? 0;
      return { kind, events: t?.events ?? 0, quantity, points: pointsOf(points, kind, quantity) };
    });
    return { unit, score: roundPoints(perKind.reduce((s, k) => s + k.points, 0)), kinds: perKind };
  });
  scored.sort((a, b) => b.score - a.score || a.unit.code.localeCompare(b.unit.code));
  const out: UnitScore[] = [];
  scored.forEach((s, i) => {
    const rank = i > 0 && scored[i - 1].score === s.score ? out[i - 1].rank : i + 1;
    out.push({ ...s, rank });
  });
  return out;
}

/** The events summed per unit and kind: what a provider without a grouped query of its own answers. */
export function totalsOf(events: readonly AssessmentEvent[]): AssessmentTotal[] {
  const m = new Map<string, AssessmentTotal>();
  for (const e of events) {
    const key = `${e.unitId}|${e.kind}`;
    const t = m.get(key) ?? { unitId: e.unitId, kind: e.kind, events: 0, quantity: 0 };
    t.events += 1;
    t.quantity += e.quantity;
    m.set(key, t);
  }
  return [...m.values()];
}
