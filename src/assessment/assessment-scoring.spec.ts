// The assessment's scoring rules, without a database.
import { pointsOf, roundPoints, scoreUnits, totalsOf, type AssessmentEvent } from './assessment-scoring';

const POINTS = {
  reportOnTime: 1,
  reportLate: -1,
  overduePerWorkingDay: -0.5,
  closedOnTime: 2,
  acknowledgementLate: -1,
  supervisionNoticeReceived: -3,
  urgingReceived: -1,
};
const KINDS = ['reportOnTime', 'reportLate', 'overduePerWorkingDay', 'closedOnTime', 'supervisionNoticeReceived'];
const unit = (id: number, code: string) => ({ id, code, name: code, nameEn: null });

describe('assessment scoring', () => {
  it('multiplies a kind’s points by its quantity, to two decimals', () => {
    expect(pointsOf(POINTS, 'overduePerWorkingDay', 3)).toBe(-1.5);
    expect(pointsOf(POINTS, 'closedOnTime', 2)).toBe(4);
    expect(pointsOf(POINTS, 'unknownKind', 5)).toBe(0);
    expect(roundPoints(0.1 + 0.2)).toBe(0.3);
    expect(Object.is(roundPoints(-0), 0)).toBe(true);
  });

  it('sums each unit’s kinds into a score and ranks by it, equal scores sharing a rank', () => {
    const scores = scoreUnits(
      [unit(1, 'a'), unit(2, 'b'), unit(3, 'c'), unit(4, 'd')],
      [
        { unitId: 1, kind: 'reportOnTime', events: 2, quantity: 2 },
        { unitId: 1, kind: 'overduePerWorkingDay', events: 1, quantity: 4 },
        { unitId: 2, kind: 'closedOnTime', events: 1, quantity: 1 },
        { unitId: 3, kind: 'reportOnTime', events: 3, quantity: 3 },
        { unitId: 3, kind: 'reportLate', events: 1, quantity: 1 },
        { unitId: 4, kind: 'supervisionNoticeReceived', events: 1, quantity: 1 },
      ],
      POINTS,
      KINDS,
    );
    expect(scores.map((s) => [s.unit.code, s.score, s.rank])).toEqual([
      ['b', 2, 1],
      ['c', 2, 1],
      ['a', 0, 3],
      ['d', -3, 4],
    ]);
    const a = scores.find((s) => s.unit.code === 'a')!;
    expect(a.kinds.map((k) => k.kind)).toEqual(KINDS);
    expect(a.kinds.find((k) => k.kind === 'overduePerWorkingDay')).toEqual({
      kind: 'overduePerWorkingDay',
      events: 1,
      quantity: 4,
      points: -2,
    });
  });

  it('counts a unit without events with a score of 0', () => {
    const [only] = scoreUnits([unit(9, 'z')], [], POINTS, KINDS);
    expect([only.score, only.rank, only.kinds.every((k) => k.points === 0 && k.events === 0)]).toEqual([0, 1, true]);
  });

  it('totals events per unit and kind as a grouped query would', () => {
    const e = (unitId: number, kind: string, quantity: number, id: number): AssessmentEvent => ({
      kind,
      unitId,
      taskId: null,
      on: '2023-09-01',
      quantity,
      ref: { type: 'task', id },
      description: { zh: '', en: '' },
    });
    expect(
      totalsOf([e(1, 'overduePerWorkingDay', 2, 1), e(1, 'overduePerWorkingDay', 3, 2), e(2, 'reportLate', 1, 3)]),
    ).toEqual([
      { unitId: 1, kind: 'overduePerWorkingDay', events: 2, quantity: 5 },
      { unitId: 2, kind: 'reportLate', events: 1, quantity: 1 },
    ]);
  });
});
