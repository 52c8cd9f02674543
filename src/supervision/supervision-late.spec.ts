// Where an unanswered supervision notice is escalated: the ladder's first rung above the unit, without a database.
import { orderLadder } from '../digests/escalation.service';
import type { UnitRecipients } from '../units/recipients.service';
import { lateRung, rungAddresses } from './supervision-late.service';

const LADDER = orderLadder([
  { afterWorkingDays: 10, to: ['liaisons', 'mailbox', 'supervisingLeader', 'leads'] },
  { afterWorkingDays: 1, to: ['liaisons', 'mailbox'] },
  { afterWorkingDays: 5, to: ['liaisons', 'mailbox', 'supervisingLeader'] },
]);
const rec = {
  mailbox: 'yd@example.cn',
  liaisons: ['a@example.cn', 'YD@example.cn'],
  supervisingLeader: 'leader@example.cn',
} as UnitRecipients;
const leads = [{ email: 'lead@example.cn' }, { email: 'a@example.cn' }] as never[];

describe('escalation of an unanswered supervision notice', () => {
  it('takes the first rung that reaches the supervising leader or the leads', () => {
    expect(lateRung(LADDER)).toMatchObject({ afterWorkingDays: 5 });
    expect(lateRung(orderLadder([{ afterWorkingDays: 1, to: ['mailbox'] }]))).toMatchObject({ afterWorkingDays: 1 });
    expect(lateRung([])).toBeNull();
  });

  it('addresses the unit side and copies the leads, each address once', () => {
    expect(rungAddresses(LADDER[2], rec, leads, [])).toEqual({
      to: ['yd@example.cn', 'a@example.cn', 'leader@example.cn'],
      cc: ['lead@example.cn'],
    });
    // without a unit side the copies become the addressees
    expect(rungAddresses({ index: 0, afterWorkingDays: 1, to: ['leads'] }, undefined, leads, [])).toEqual({
      to: ['lead@example.cn', 'a@example.cn'],
      cc: [],
    });
  });
});
