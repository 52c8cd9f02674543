// The span an assessment covers, and when a report was due, without a database.
import { DomainError } from '../common/errors';
import { assessmentSpan } from './assessment-period';
import { periodZh, reportDue, reportTotals } from './assessment.providers';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).errors[0]?.field;
  }
  return null;
};

describe('assessment span', () => {
  it('reads a month, a quarter or a week, or from and to', () => {
    expect(assessmentSpan({ period: '2023-09' })).toEqual({ from: '2023-09-01', to: '2023-09-30', label: '2023-09' });
    expect(assessmentSpan({ period: '2023-Q3' })).toMatchObject({ from: '2023-07-01', to: '2023-09-30' });
    expect(assessmentSpan({ period: '2023-W38' })).toMatchObject({ from: '2023-09-18', to: '2023-09-24' });
    expect(assessmentSpan({ from: '2023-09-05', to: '2023-09-05' })).toMatchObject({ from: '2023-09-05' });
  });

  it('names the field at fault', () => {
    expect(fieldOf(() => assessmentSpan({ period: '2023-13' }))).toBe('period');
    expect(fieldOf(() => assessmentSpan({}))).toBe('period');
    expect(fieldOf(() => assessmentSpan({ from: '2023-09-01' }))).toBe('period');
    expect(fieldOf(() => assessmentSpan({ from: 'x', to: '2023-09-01' }))).toBe('from');
    expect(fieldOf(() => assessmentSpan({ from: '2023-09-02', to: '2023-09-01' }))).toBe('to');
  });
});

describe('report due dates', () => {
  it('is the round’s due date, else the last day of the report’s period', () => {
    expect(reportDue('2023-08', '2023-08-25')).toBe('2023-08-25');
    expect(reportDue('2023-08', null)).toBe('2023-08-31');
    expect(reportDue('2023-Q3', null)).toBe('2023-09-30');
  });

  it('sums the groups on time and late per unit', () => {
    const groups = [
      { unitId: 1, period: '2023-08', roundDue: '2023-08-25', filedOn: '2023-08-25', count: 2 },
      { unitId: 1, period: '2023-08', roundDue: '2023-08-25', filedOn: '2023-08-26', count: 1 },
      { unitId: 2, period: '2023-09', roundDue: null, filedOn: '2023-09-30', count: 3 },
    ];
    expect(reportTotals('reportOnTime', true, groups)).toEqual([
      { unitId: 1, kind: 'reportOnTime', events: 2, quantity: 2 },
      { unitId: 2, kind: 'reportOnTime', events: 3, quantity: 3 },
    ]);
    expect(reportTotals('reportLate', false, groups)).toEqual([
      { unitId: 1, kind: 'reportLate', events: 1, quantity: 1 },
    ]);
  });

  it('writes periods in Chinese', () => {
    expect([periodZh('2023-09'), periodZh('2023-Q3'), periodZh('2023-W08')]).toEqual([
      '2023年9月',
      '2023年第3季度',
      '2023年第8周',
    ]);
  });
});
