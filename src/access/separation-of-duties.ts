// Separation of duties (职责分离): whoever made a request or filed a report does not decide it. One rule for
// extension and closing requests and report review, switched by security.separationOfDuties.
import type { Actor } from '../auth/actor';
import { ForbiddenError } from '../common/errors';
import { isSystem } from './policy';

/** What a person may have authored and another must decide. */
export type OwnWork = 'extension' | 'closing' | 'report';

const REFUSALS: Record<OwnWork, { code: 'own_request' | 'own_report'; en: string; zh: string }> = {
  extension: {
    code: 'own_request',
    en: 'You requested this extension: another lead decides it',
    zh: '本人提出的延期申请不能由本人审批，请由其他专班负责人审批',
  },
  closing: {
    code: 'own_request',
    en: 'You requested this closing: another lead accepts it or sends it back',
    zh: '本人提出的办结申请不能由本人审批，请由其他专班负责人办结销号或退回',
  },
  report: {
    code: 'own_report',
    en: 'You filed this report: another member of the secretariat or a lead reviews it',
    zh: '本人报送的进展不能由本人审核，请由专班办公室其他人员或专班负责人审核',
  },
};

/** The stable codes of the refusals, for the OpenAPI document. */
export const OWN_WORK_CODES = ['own_request', 'own_report'] as const;

/**
 * Whether the rule keeps the actor from deciding work authored by `authorId` (null: nobody on record, e.g. a
 * request the plan loader made). The system actor (id 0: the command line, scheduled jobs) is never kept.
 */
export function decidesOwn(actor: Actor, authorId: number | null | undefined, enabled: boolean): boolean {
  return enabled && !isSystem(actor) && authorId != null && authorId === actor.id;
}

/** Throws a 403 (own_request or own_report) when the actor would decide its own request or report. */
export function assertNotOwn(actor: Actor, authorId: number | null | undefined, what: OwnWork, enabled: boolean): void {
  if (!decidesOwn(actor, authorId, enabled)) return;
  const r = REFUSALS[what];
  throw new ForbiddenError(r.en, r.zh, r.code);
}
