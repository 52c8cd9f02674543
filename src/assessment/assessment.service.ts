// Unit assessment (考评): each unit's score over a span from the registered kinds' events and the configured
// points, its rank, the events behind it, and the ranking as a spreadsheet. Every figure comes from ranking(),
// which the bulletin and the dashboard call too: the same span gives the same number everywhere.
import { Inject, Injectable } from '@nestjs/common';
import { ClockService } from '../common/clock.service';
import { NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { addTableSheet, newWorkbook, workbookBuffer, type SheetColumn, type SheetLang } from '../spreadsheets/xlsx';
import { UnitsRepository } from '../units/units.repository';
import type { AssessmentSpan } from './assessment-period';
import {
  pointsOf,
  scoreUnits,
  totalsOf,
  type AssessmentEvent,
  type AssessmentTotal,
  type UnitScore,
} from './assessment-scoring';
import { AssessmentRegistry } from './assessment.registry';

/** What each kind is called, in both languages; a kind added elsewhere without a label shows its key. */
export const KIND_LABELS: Record<string, { zh: string; en: string }> = {
  reportOnTime: { zh: '按期报送', en: 'Reports on time' },
  reportLate: { zh: '逾期报送', en: 'Reports late' },
  overduePerWorkingDay: { zh: '逾期工作日', en: 'Working days overdue' },
  closedOnTime: { zh: '按期办结', en: 'Closed on time' },
  acknowledgementLate: { zh: '签收超时', en: 'Acknowledged late' },
  supervisionNoticeReceived: { zh: '收到督办单', en: 'Supervision notices received' },
  urgingReceived: { zh: '收到催办', en: 'Urgings received' },
};

export interface AssessmentKind {
  kind: string;
  label: string;
  labelEn: string;
  /** Points per event (per working day for days overdue). */
  points: number;
}

export interface AssessmentRanking {
  period: string;
  from: string;
  to: string;
  kinds: AssessmentKind[];
  units: UnitScore[];
}

export interface ScoredEvent extends Omit<AssessmentEvent, 'description'> {
  points: number;
  description: string;
  descriptionEn: string;
}

export interface UnitEvents {
  period: string;
  from: string;
  to: string;
  unit: UnitScore['unit'];
  score: number;
  rank: number;
  events: ScoredEvent[];
}

@Injectable()
export class AssessmentService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: AssessmentRegistry,
    private readonly units: UnitsRepository,
    private readonly clock: ClockService,
  ) {}

  private get points() {
    return this.config.assessment.points;
  }

  kinds(): AssessmentKind[] {
    return this.registry.kinds().map((kind) => ({
      kind,
      label: KIND_LABELS[kind]?.zh ?? kind,
      labelEn: KIND_LABELS[kind]?.en ?? kind,
      points: (this.points as Record<string, number>)[kind] ?? 0,
    }));
  }

  /** Every active unit's score, points per kind and rank over the span: the one source of the assessment's figures. */
  async ranking(span: AssessmentSpan): Promise<AssessmentRanking> {
    const totals: AssessmentTotal[] = [];
    for (const p of this.registry.all()) {
      totals.push(...(p.totals ? await p.totals(span.from, span.to) : totalsOf(await p.events(span.from, span.to))));
    }
    const units = (await this.units.active()).map((u) => ({ id: u.id, code: u.code, name: u.name, nameEn: u.nameEn }));
    return {
      period: span.label,
      from: span.from,
      to: span.to,
      kinds: this.kinds(),
      units: scoreUnits(units, totals, this.points, this.registry.kinds()),
    };
  }

  /** A unit's events over the span with their points and the rows they trace to, oldest first; 404 for no unit. */
  async unitEvents(unitId: number, span: AssessmentSpan): Promise<UnitEvents> {
    const ranking = await this.ranking(span);
    const mine = ranking.units.find((u) => u.unit.id === unitId);
    if (!mine) throw new NotFoundError('Unit', unitId, '单位');
    const events: ScoredEvent[] = [];
    for (const p of this.registry.all()) {
      for (const e of await p.events(span.from, span.to, unitId)) {
        if (e.unitId !== unitId) continue;
        const { description, ...rest } = e;
        events.push({
          ...rest,
          points: pointsOf(this.points, e.kind, e.quantity),
          description: description.zh,
          descriptionEn: description.en,
        });
      }
    }
    events.sort((a, b) => a.on.localeCompare(b.on) || a.kind.localeCompare(b.kind) || a.ref.id - b.ref.id);
    return {
      period: span.label,
      from: span.from,
      to: span.to,
      unit: mine.unit,
      score: mine.score,
      rank: mine.rank,
      events,
    };
  }

  /** The ranking as a workbook: one row per unit, its score and the points of each kind. */
  async spreadsheet(span: AssessmentSpan, lang: SheetLang): Promise<Buffer> {
    const ranking = await this.ranking(span);
    const wb = newWorkbook(this.clock.now());
    const columns: SheetColumn[] = [
      { key: 'rank', zh: '名次', en: 'Rank', width: 8, kind: 'number' },
      { key: 'code', zh: '单位代码', en: 'Unit code', width: 12 },
      { key: 'unit', zh: '单位', en: 'Unit', width: 28 },
      { key: 'score', zh: '得分', en: 'Score', width: 10, kind: 'number' },
      ...ranking.kinds.map((k): SheetColumn => ({
        key: k.kind,
        zh: `${k.label}（${k.points}分）`,
        en: `${k.labelEn} (${k.points} pts)`,
        width: 16,
        kind: 'number',
      })),
    ];
    addTableSheet(wb, {
      name: lang === 'en' ? `Assessment ${span.label}`.slice(0, 31) : `考评 ${span.label}`.slice(0, 31),
      lang,
      columns,
      rows: ranking.units.map((u) => ({
        rank: u.rank,
        code: u.unit.code,
        unit: lang === 'en' ? (u.unit.nameEn ?? u.unit.name) : u.unit.name,
        score: u.score,
        ...Object.fromEntries(u.kinds.map((k) => [k.kind, k.points])),
      })),
    });
    return workbookBuffer(wb);
  }
}
