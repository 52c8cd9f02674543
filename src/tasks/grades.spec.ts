import { WorkingDaysService } from '../calendar/working-days.service';
import { loadConfig } from '../config/config';
import { gradeTask, nextRecurrence, type GradedFields } from './grades';

const cal = new WorkingDaysService(loadConfig({}));
const settings = { dueSoonWorkingDays: 5, yellowMarginPercent: 10 };
const task = (over: Partial<GradedFields>): GradedFields => ({
  status: 'in_progress',
  startDate: '2023-06-01',
  deadline: '2023-12-31',
  progress: 50,
  recurrence: null,
  ...over,
});

describe('colour grades', () => {
  it('is red once the deadline has passed', () => {
    const s = gradeTask(task({ deadline: '2023-09-15' }), '2023-09-20', cal, settings);
    expect(s).toMatchObject({ overdue: true, colour: 'red', dueSoon: false });
    expect(s.workingDaysLeft).toBe(-3);
  });

  it('is yellow when progress is behind the share of time elapsed by more than the margin', () => {
    // 2023-06-01 → 2023-12-31 is 213 days; by 2023-09-20, 111 have passed: 52.1 % expected
    const behind = gradeTask(task({ progress: 40 }), '2023-09-20', cal, settings);
    expect(behind.expectedProgress).toBe(52.1);
    expect(behind.colour).toBe('yellow');
    const withinMargin = gradeTask(task({ progress: 43 }), '2023-09-20', cal, settings);
    expect(withinMargin.colour).toBeNull();
  });

  it('is blue when the deadline is within N working days, counting the holiday calendar', () => {
    // From Wed 2023-09-27: 28 (1), then the National Day break 29 Sep–6 Oct, Sat 7 Oct is a working day (2)
    const s = gradeTask(task({ deadline: '2023-10-07', progress: 95 }), '2023-09-27', cal, settings);
    expect(s.workingDaysLeft).toBe(2);
    expect(s).toMatchObject({ dueSoon: true, colour: 'blue' });
    // Five calendar days, but six working days across a normal week-end are not "soon" with N = 5
    const later = gradeTask(task({ deadline: '2023-11-13', progress: 95 }), '2023-11-03', cal, settings);
    expect(later.workingDaysLeft).toBe(6);
    expect(later.colour).toBeNull();
  });

  it('gives no grade to closed, submitted, draft or cancelled tasks', () => {
    for (const status of ['closed', 'submitted', 'draft', 'cancelled'] as const) {
      const s = gradeTask(task({ status, deadline: '2023-09-01', progress: 0 }), '2023-09-20', cal, settings);
      expect(s).toMatchObject({ overdue: false, colour: null });
    }
  });

  it('grades a blocked task like an open one', () => {
    expect(gradeTask(task({ status: 'blocked', deadline: '2023-09-01' }), '2023-09-20', cal, settings).colour).toBe(
      'red',
    );
  });
});

describe('recurring deadlines', () => {
  it('moves a due day that falls on a holiday to the previous working day', () => {
    // 2023-10-25 is a Wednesday: stays; 2023-11-25 is a Saturday: Friday the 24th
    expect(nextRecurrence({ freq: 'monthly', day: 25 }, '2023-10-01', '2024-12-31', cal)).toBe('2023-10-25');
    expect(nextRecurrence({ freq: 'monthly', day: 25 }, '2023-10-26', '2024-12-31', cal)).toBe('2023-11-24');
  });

  it('uses the last day of a short month', () => {
    expect(nextRecurrence({ freq: 'monthly', day: 31 }, '2024-02-01', '2024-12-31', cal)).toBe('2024-02-29');
  });

  it('ends with the recurrence', () => {
    expect(nextRecurrence({ freq: 'monthly', day: 25 }, '2024-12-26', '2024-12-31', cal)).toBeNull();
  });

  it('uses the next due date for due-soon but the end date for overdue', () => {
    const s = gradeTask(
      task({ recurrence: { freq: 'monthly', day: 25 }, deadline: '2024-12-31' }),
      '2023-09-20',
      cal,
      settings,
    );
    expect(s).toMatchObject({
      nextDueDate: '2023-09-25',
      dueSoon: true,
      overdue: false,
      expectedProgress: null,
      colour: 'blue',
    });
  });
});
