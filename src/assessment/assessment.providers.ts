// The assessment's own kinds of events: reports on time or late (against the due date of the dispatch round they
// answer, else the last day of their period), working days overdue, tasks closed on time, and supervision notices
// received. Each kind answers the ranking with one grouped query and a unit's list with its rows.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ClockService } from '../common/clock.service';
import { longDate } from '../documents/chinese';
import { parsePeriod } from '../reports/report-period';
import { SupervisionRepository } from '../supervision/supervision.repository';
import { AssessmentFiguresRepository, type ReportGroup } from './assessment-figures.repository';
import type { AssessmentEvent, AssessmentTotal } from './assessment-scoring';
import { AssessmentRegistry } from './assessment.registry';

/** The day a report of the period was due: its round's due date, else the period's last day. */
export function reportDue(period: string, roundDue: string | null): string {
  return roundDue ?? parsePeriod(period)?.end ?? period;
}

/** A period in Chinese: 2023年9月, 2023年第3季度, 2023年第38周. */
export function periodZh(period: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return `${m[1]}年第${m[2]}季度`;
  m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) return `${m[1]}年第${Number(m[2])}周`;
  return period;
}

const zh = (d: string) => longDate(d, 'zh-CN');
const en = (d: string) => longDate(d, 'en');

@Injectable()
export class AssessmentProviders implements OnModuleInit {
  constructor(
    private readonly registry: AssessmentRegistry,
    private readonly figures: AssessmentFiguresRepository,
    private readonly notices: SupervisionRepository,
    private readonly clock: ClockService,
  ) {}

  onModuleInit(): void {
    for (const onTime of [true, false]) {
      const kind = onTime ? 'reportOnTime' : 'reportLate';
      this.registry.register({
        kind,
        totals: async (from, to) => reportTotals(kind, onTime, await this.figures.reportGroups(from, to)),
        events: async (from, to, unitId) =>
          (await this.figures.reportsOf(unitId, from, to))
            .map((r) => ({ ...r, due: reportDue(r.period, r.roundDue) }))
            .filter((r) => r.filedOn <= r.due === onTime)
            .map((r): AssessmentEvent => ({
              kind,
              unitId: r.unitId,
              taskId: r.taskId,
              on: r.filedOn,
              quantity: 1,
              ref: { type: 'report', id: r.id },
              description: {
                zh: `任务${r.code}${periodZh(r.period)}进展于${zh(r.filedOn)}${onTime ? '按期' : '逾期'}报送（应于${zh(r.due)}前报送）`,
                en: `Report on task ${r.code} for ${r.period} filed ${onTime ? 'on time' : 'late'} on ${en(r.filedOn)} (due ${en(r.due)})`,
              },
            })),
      });
    }
    this.registry.register({
      kind: 'overduePerWorkingDay',
      totals: async (from, to) =>
        (await this.figures.overdueTotals(this.clock.today(), from, to)).map((r) => ({
          ...r,
          kind: 'overduePerWorkingDay',
        })),
      events: async (from, to, unitId) => {
        const asOf = this.clock.today();
        const last = to < asOf ? to : asOf;
        return (await this.figures.overdueTasks(asOf, from, to, unitId)).map((t) => ({
          kind: 'overduePerWorkingDay',
          unitId: t.unitId,
          taskId: t.id,
          on: t.closedOn && t.closedOn <= last ? t.closedOn : last,
          quantity: t.days,
          ref: { type: 'task', id: t.id },
          description: {
            zh: `任务${t.code}超过完成时限（${zh(t.deadline)}），本期逾期${t.days}个工作日${t.closedOn && t.closedOn <= last ? `，${zh(t.closedOn)}办结` : ''}`,
            en: `Task ${t.code} past its deadline (${en(t.deadline)}): ${t.days} working days overdue in the period${t.closedOn && t.closedOn <= last ? `, closed on ${en(t.closedOn)}` : ''}`,
          },
        }));
      },
    });
    this.registry.register({
      kind: 'closedOnTime',
      totals: async (from, to) =>
        (await this.figures.closedOnTimeTotals(from, to)).map((r) => ({ ...r, kind: 'closedOnTime' })),
      events: async (from, to, unitId) =>
        (await this.figures.closedOnTime(from, to, unitId)).map((t) => ({
          kind: 'closedOnTime',
          unitId: t.unitId,
          taskId: t.id,
          on: t.closedOn,
          quantity: 1,
          ref: { type: 'task', id: t.id },
          description: {
            zh: `任务${t.code}于${zh(t.closedOn)}按期办结（完成时限${zh(t.deadline)}）`,
            en: `Task ${t.code} closed on time on ${en(t.closedOn)} (deadline ${en(t.deadline)})`,
          },
        })),
    });
    this.registry.register({
      kind: 'supervisionNoticeReceived',
      totals: async (from, to) =>
        (await this.notices.issuedCounts(from, to)).map((r) => ({
          unitId: r.unitId,
          kind: 'supervisionNoticeReceived',
          events: r.count,
          quantity: r.count,
        })),
      events: async (from, to, unitId) =>
        (await this.notices.issuedBetween(from, to, unitId)).map((n) => ({
          kind: 'supervisionNoticeReceived',
          unitId: n.unitId,
          taskId: n.taskId,
          on: n.issuedOn,
          quantity: 1,
          ref: { type: 'supervision_notice', id: n.id },
          description: {
            zh: `${zh(n.issuedOn)}收到${n.grade === 'red' ? '红色' : '黄色'}督办单${n.number}`,
            en: `${n.grade === 'red' ? 'Red' : 'Yellow'}-grade supervision notice ${n.number} received on ${en(n.issuedOn)}`,
          },
        })),
    });
  }
}

/** The report groups of one side (on time or late) summed per unit. */
export function reportTotals(kind: string, onTime: boolean, groups: ReportGroup[]): AssessmentTotal[] {
  const byUnit = new Map<number, number>();
  for (const g of groups) {
    if (g.filedOn <= reportDue(g.period, g.roundDue) !== onTime) continue;
    byUnit.set(g.unitId, (byUnit.get(g.unitId) ?? 0) + g.count);
  }
  return [...byUnit].map(([unitId, n]) => ({ unitId, kind, events: n, quantity: n }));
}
