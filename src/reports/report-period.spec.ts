import { isoWeeksInYear, parsePeriod } from './report-period';

describe('report periods', () => {
  it('reads a month as its first and last day', () => {
    expect(parsePeriod('2023-08')).toEqual({ kind: 'month', start: '2023-08-01', end: '2023-08-31' });
    expect(parsePeriod('2024-02')).toEqual({ kind: 'month', start: '2024-02-01', end: '2024-02-29' });
    expect(parsePeriod('2023-12')).toEqual({ kind: 'month', start: '2023-12-01', end: '2023-12-31' });
  });

  it('reads a quarter as its three months', () => {
    expect(parsePeriod('2023-Q1')).toEqual({ kind: 'quarter', start: '2023-01-01', end: '2023-03-31' });
    expect(parsePeriod('2023-Q3')).toEqual({ kind: 'quarter', start: '2023-07-01', end: '2023-09-30' });
    expect(parsePeriod('2023-Q4')).toEqual({ kind: 'quarter', start: '2023-10-01', end: '2023-12-31' });
  });

  it('reads an ISO week from Monday to Sunday, week 1 holding 4 January', () => {
    expect(parsePeriod('2023-W01')).toEqual({ kind: 'week', start: '2023-01-02', end: '2023-01-08' });
    expect(parsePeriod('2023-W38')).toEqual({ kind: 'week', start: '2023-09-18', end: '2023-09-24' });
    // 2020 began on a Wednesday: its week 1 starts in December 2019
    expect(parsePeriod('2020-W01')).toEqual({ kind: 'week', start: '2019-12-30', end: '2020-01-05' });
    expect(parsePeriod('2020-W53')).toEqual({ kind: 'week', start: '2020-12-28', end: '2021-01-03' });
  });

  it('knows which years have 53 ISO weeks', () => {
    expect(isoWeeksInYear(2015)).toBe(53); // starts on a Thursday
    expect(isoWeeksInYear(2020)).toBe(53); // leap year starting on a Wednesday
    expect(isoWeeksInYear(2023)).toBe(52);
    expect(isoWeeksInYear(2024)).toBe(52); // leap year starting on a Monday
    expect(parsePeriod('2023-W53')).toBeNull();
  });

  it.each([
    '2023-13',
    '2023-00',
    '2023-8',
    '2023-Q0',
    '2023-Q5',
    '2023-q3',
    '2023-W00',
    '2023-W5',
    '1899-01',
    '2201-01',
    '2023-08-01',
    ' 2023-08',
    '',
  ])('refuses %j', (value) => {
    expect(parsePeriod(value)).toBeNull();
  });

  it('refuses what is not a string', () => {
    expect(parsePeriod(202308)).toBeNull();
    expect(parsePeriod(null)).toBeNull();
    expect(parsePeriod(undefined)).toBeNull();
  });
});
