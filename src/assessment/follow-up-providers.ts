// The assessment's kinds that come from follow-up: items acknowledged late or not at all past their due time (签收),
// and urgings received (催办). Totals are the same grouped figures the bulletin prints, so the two agree.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AcknowledgementsRepository } from '../acknowledgements/acknowledgements.repository';
import { AcknowledgementsService } from '../acknowledgements/acknowledgements.service';
import { ClockService, dateInZone, zonedTime } from '../common/clock.service';
import { addDays } from '../common/dates';
import { longDate } from '../documents/chinese';
import { UrgingsRepository } from '../followup/urgings.repository';
import { UrgingsService } from '../followup/urgings.service';
import type { AssessmentEvent } from './assessment-scoring';
import { AssessmentRegistry } from './assessment.registry';

const KIND_ZH: Record<string, string> = { task: '交办任务', instruction: '领导批示', supervision_notice: '督办单' };
const KIND_EN: Record<string, string> = {
  task: 'assigned task',
  instruction: 'instruction',
  supervision_notice: 'supervision notice',
};

@Injectable()
export class FollowUpAssessmentProviders implements OnModuleInit {
  constructor(
    private readonly registry: AssessmentRegistry,
    private readonly acknowledgements: AcknowledgementsService,
    private readonly acknowledgementRows: AcknowledgementsRepository,
    private readonly urgings: UrgingsService,
    private readonly urgingRows: UrgingsRepository,
    private readonly clock: ClockService,
  ) {}

  /** The instants a span of days covers in the task force's time zone. */
  private span(from: string, to: string): [Date, Date] {
    const tz = this.clock.timeZone;
    return [zonedTime(from, '00:00', tz), zonedTime(addDays(to, 1), '00:00', tz)];
  }

  private day(at: Date): string {
    return dateInZone(at, this.clock.timeZone);
  }

  onModuleInit(): void {
    this.registry.register({
      kind: 'acknowledgementLate',
      totals: async (from, to) =>
        (await this.acknowledgements.lateByUnit(from, to))
          .filter((r) => r.late > 0)
          .map((r) => ({ unitId: r.unitId, kind: 'acknowledgementLate', events: r.late, quantity: r.late })),
      events: async (from, to, unitId) => {
        const [start, end] = this.span(from, to);
        const rows = await this.acknowledgementRows.lateRows(start, end, this.clock.now(), unitId);
        return rows.map((a): AssessmentEvent => ({
          kind: 'acknowledgementLate',
          unitId: a.unitId,
          taskId: a.taskId,
          on: this.day(a.acknowledgedAt ?? a.dueAt),
          quantity: 1,
          ref: { type: 'acknowledgement', id: a.id },
          description: a.acknowledgedAt
            ? {
                zh: `${KIND_ZH[a.kind] ?? a.kind}应于${longDate(this.day(a.dueAt), 'zh-CN')}前签收，${longDate(this.day(a.acknowledgedAt), 'zh-CN')}签收`,
                en: `${KIND_EN[a.kind] ?? a.kind} due for acknowledgement by ${longDate(this.day(a.dueAt), 'en')}, acknowledged ${longDate(this.day(a.acknowledgedAt), 'en')}`,
              }
            : {
                zh: `${KIND_ZH[a.kind] ?? a.kind}应于${longDate(this.day(a.dueAt), 'zh-CN')}前签收，至今未签收`,
                en: `${KIND_EN[a.kind] ?? a.kind} due for acknowledgement by ${longDate(this.day(a.dueAt), 'en')}, not yet acknowledged`,
              },
        }));
      },
    });
    this.registry.register({
      kind: 'urgingReceived',
      totals: async (from, to) =>
        (await this.urgings.countsByUnit(from, to)).map((r) => ({
          unitId: r.unit.id,
          kind: 'urgingReceived',
          events: r.count,
          quantity: r.count,
        })),
      events: async (from, to, unitId) => {
        const [start, end] = this.span(from, to);
        return (await this.urgingRows.between(start, end, unitId)).map((g): AssessmentEvent => ({
          kind: 'urgingReceived',
          unitId: g.unitId,
          taskId: g.taskId,
          on: this.day(g.createdAt),
          quantity: 1,
          ref: { type: 'urging', id: g.id },
          description: {
            zh: `${longDate(this.day(g.createdAt), 'zh-CN')}收到催办`,
            en: `Urged on ${longDate(this.day(g.createdAt), 'en')}`,
          },
        }));
      },
    });
  }
}
