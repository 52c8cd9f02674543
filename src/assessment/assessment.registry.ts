// The kinds of events the assessment scores, each from its provider: features register one per kind in their
// onModuleInit (reports, tasks and supervision notices here; acknowledgements and urgings elsewhere). A kind must
// have its points in assessment.points, so an unscored kind cannot slip in.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { AssessmentEvent, AssessmentTotal } from './assessment-scoring';

export type { AssessmentEvent, AssessmentTotal } from './assessment-scoring';

export interface AssessmentProvider {
  /** The key of its points in assessment.points, e.g. reportOnTime. */
  kind: string;
  /** Every event of the kind from `from` to `to` (inclusive); `unitId` narrows it to one unit when the provider can. */
  events(from: string, to: string, unitId?: number): Promise<AssessmentEvent[]>;
  /** The events counted per unit in one grouped query; without it the events are summed. */
  totals?(from: string, to: string): Promise<AssessmentTotal[]>;
}

@Injectable()
export class AssessmentRegistry {
  private readonly providers = new Map<string, AssessmentProvider>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  register(provider: AssessmentProvider): void {
    if (this.providers.has(provider.kind)) {
      throw new Error(`Assessment kind "${provider.kind}" is registered twice`);
    }
    if (!(provider.kind in this.config.assessment.points)) {
      throw new Error(`Assessment kind "${provider.kind}" has no points: add assessment.points.${provider.kind}`);
    }
    this.providers.set(provider.kind, provider);
  }

  /** The providers in the order of assessment.points (the columns of the ranking). */
  all(): AssessmentProvider[] {
    const order = Object.keys(this.config.assessment.points);
    return [...this.providers.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  }

  kinds(): string[] {
    return this.all().map((p) => p.kind);
  }
}
