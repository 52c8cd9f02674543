import {
  achievementRatio,
  indicatorMetrics,
  latestObserved,
  proRataPercent,
  type IndicatorTerms,
} from './indicator-metrics';

// 2023 plan for new base stations, from the source document: 850 planned, 1,127 built by the end of July.
const NEW_STATIONS: IndicatorTerms = {
  baseline: 0,
  baselineDate: '2023-01-01',
  target: 850,
  targetDate: '2023-12-31',
  direction: 'increase',
};

describe('indicator metrics', () => {
  it('reads 1,127 of 850 stations by 2023-07-31 as 132.6% achieved against a pro-rata of 58.1%', () => {
    const m = indicatorMetrics(NEW_STATIONS, [{ value: 1127, observedOn: '2023-07-31' }], '2023-09-20');
    expect(m.latestValue).toBe(1127);
    expect(m.latestOn).toBe('2023-07-31');
    expect(m.achievementPercent).toBe(132.6);
    // 212 of 2023's 365 days elapsed by the end of 2023-07-31
    expect(m.proRataAtLatest).toBe(58.1);
    // 263 of 365 by the end of 2023-09-20
    expect(m.proRataToday).toBe(72.1);
    expect(m.gap).toBe(74.5);
    expect(m.targetReached).toBe(true);
    expect(m.onTrack).toBe(true);
    expect(m.projectedValue).toBeCloseTo((1127 * 365) / 212, 2);
    expect(m.status).toBe('ahead');
  });

  it('takes the latest value by date, and the later entry on the same date', () => {
    const values = [
      { value: 500, observedOn: '2023-06-30' },
      { value: 1127, observedOn: '2023-07-31' },
      { value: 300, observedOn: '2023-05-31' },
      { value: 1130, observedOn: '2023-07-31' },
    ];
    const m = indicatorMetrics(NEW_STATIONS, values, '2023-09-20');
    expect(m.latestValue).toBe(1130);
    expect(latestObserved(values, '2023-06-30')?.value).toBe(500);
  });

  it('measures as of a past date by leaving out values observed after it', () => {
    const values = [
      { value: 1127, observedOn: '2023-07-31' },
      { value: 1186, observedOn: '2023-08-25' },
    ];
    const m = indicatorMetrics(NEW_STATIONS, values, '2023-07-31');
    expect(m.latestValue).toBe(1127);
    expect(m.proRataToday).toBe(58.1);
  });

  it('works for a decreasing indicator: achievement is the share of the planned reduction made', () => {
    const terms: IndicatorTerms = {
      baseline: 120,
      baselineDate: '2023-01-01',
      target: 80,
      targetDate: '2023-12-31',
      direction: 'decrease',
    };
    // 10 of 40 reduced, with 58% of the time gone: behind, and the line ends above the target
    const behind = indicatorMetrics(terms, [{ value: 110, observedOn: '2023-07-31' }], '2023-08-01', 10);
    expect(behind.achievementPercent).toBe(25);
    expect(behind.proRataAtLatest).toBe(58.1);
    expect(behind.gap).toBe(-33.1);
    expect(behind.onTrack).toBe(false);
    expect(behind.projectedValue).toBeGreaterThan(80);
    expect(behind.targetReached).toBe(false);
    expect(behind.status).toBe('behind');

    // 30 of 40 reduced by the end of July: ahead, the line ends below the target
    const ahead = indicatorMetrics(terms, [{ value: 90, observedOn: '2023-07-31' }], '2023-08-01', 10);
    expect(ahead.achievementPercent).toBe(75);
    expect(ahead.onTrack).toBe(true);
    expect(ahead.projectedValue).toBeLessThan(80);
    expect(ahead.status).toBe('ahead');

    // a rise is negative progress
    expect(achievementRatio(terms, 130)).toBe(-25);
  });

  it('counts as on track within the margin, and behind beyond it', () => {
    // 50% achieved against 58% expected
    const values = [{ value: 425, observedOn: '2023-07-31' }];
    expect(indicatorMetrics(NEW_STATIONS, values, '2023-08-01', 10).status).toBe('on_track');
    expect(indicatorMetrics(NEW_STATIONS, values, '2023-08-01', 5).status).toBe('behind');
    expect(indicatorMetrics(NEW_STATIONS, values, '2023-08-01', 10).onTrack).toBe(false);
  });

  it('has no achievement, projection or status without a value, but still a pro-rata for today', () => {
    const m = indicatorMetrics(NEW_STATIONS, [], '2023-09-20');
    expect(m).toEqual({
      latestValue: null,
      latestOn: null,
      achievementPercent: null,
      proRataToday: 72.1,
      proRataAtLatest: null,
      gap: null,
      projectedValue: null,
      onTrack: null,
      targetReached: null,
      status: 'no_data',
    });
  });

  it('treats a value only observed in the future as no data', () => {
    const m = indicatorMetrics(NEW_STATIONS, [{ value: 900, observedOn: '2023-10-01' }], '2023-09-20');
    expect(m.status).toBe('no_data');
  });

  it('handles a value observed before the baseline date: no elapsed time, so no projection', () => {
    const terms: IndicatorTerms = {
      baseline: 98,
      baselineDate: '2023-09-06',
      target: 99,
      targetDate: '2024-12-31',
      direction: 'increase',
    };
    const m = indicatorMetrics(terms, [{ value: 97.5, observedOn: '2023-08-31' }], '2023-09-20', 10);
    expect(m.proRataAtLatest).toBe(0);
    expect(m.achievementPercent).toBe(-50);
    expect(m.projectedValue).toBeNull();
    expect(m.onTrack).toBeNull();
    expect(m.targetReached).toBe(false);
    expect(m.status).toBe('behind');
    // pro-rata today: 14 of 482 days
    expect(m.proRataToday).toBe(2.9);
  });

  it('after the target date, judges the outcome: behind unless the target was reached', () => {
    const missed = indicatorMetrics(NEW_STATIONS, [{ value: 800, observedOn: '2023-12-31' }], '2024-01-15', 10);
    expect(missed.proRataToday).toBe(100);
    expect(missed.proRataAtLatest).toBe(100);
    expect(missed.achievementPercent).toBe(94.1);
    expect(missed.projectedValue).toBe(800);
    expect(missed.onTrack).toBe(false);
    expect(missed.status).toBe('behind');

    // the last value before the target date was on its line, but the date has passed without the target met
    const stale = indicatorMetrics(NEW_STATIONS, [{ value: 500, observedOn: '2023-07-31' }], '2024-02-01', 10);
    expect(stale.proRataToday).toBe(100);
    expect(stale.onTrack).toBe(true);
    expect(stale.status).toBe('behind');

    const met = indicatorMetrics(NEW_STATIONS, [{ value: 900, observedOn: '2024-01-10' }], '2024-01-15', 10);
    expect(met.targetReached).toBe(true);
    expect(met.onTrack).toBe(true);
    expect(met.status).toBe('on_track');
  });

  it('guards a target equal to the baseline: the target is held or not', () => {
    const hold: IndicatorTerms = { ...NEW_STATIONS, baseline: 98, target: 98 };
    expect(indicatorMetrics(hold, [{ value: 98.2, observedOn: '2023-07-31' }], '2023-08-01').achievementPercent).toBe(
      100,
    );
    const slipped = indicatorMetrics(hold, [{ value: 97, observedOn: '2023-07-31' }], '2023-08-01');
    expect(slipped.achievementPercent).toBe(0);
    expect(slipped.targetReached).toBe(false);
    expect(Number.isFinite(slipped.gap)).toBe(true);
  });

  it('counts the same 365 days of 2023 from a baseline of 1 January as from one of 31 December', () => {
    const cumulative = { ...NEW_STATIONS, baselineDate: '2022-12-31' };
    for (const date of ['2023-01-01', '2023-07-31', '2023-09-20', '2023-12-30']) {
      expect(proRataPercent(NEW_STATIONS, date)).toBe(proRataPercent(cumulative, date));
    }
    expect(proRataPercent(NEW_STATIONS, '2023-07-31')).toBe(Math.round((212 / 365) * 1000) / 10);
    // a baseline observed mid-month is the state at the end of that day: nothing has elapsed on it
    expect(proRataPercent({ baselineDate: '2023-09-06', targetDate: '2024-12-31' }, '2023-09-06')).toBe(0);
  });

  it('clamps the pro-rata expectation to 0–100', () => {
    expect(proRataPercent(NEW_STATIONS, '2022-06-01')).toBe(0);
    expect(proRataPercent(NEW_STATIONS, '2022-12-31')).toBe(0);
    expect(proRataPercent(NEW_STATIONS, '2023-12-31')).toBe(100);
    expect(proRataPercent(NEW_STATIONS, '2025-01-01')).toBe(100);
  });
});
