// Separation of duties: nobody decides their own request or reviews their own report, unless the rule is off.
import type { Actor } from '../auth/actor';
import { SYSTEM_ACTOR } from '../auth/actor';
import { ForbiddenError } from '../common/errors';
import { reportActions } from './allowed-actions';
import { assertNotOwn, decidesOwn } from './separation-of-duties';

const person = (id: number, role: Actor['role']): Actor => ({
  id,
  email: `${id}@x.cn`,
  displayName: 'x',
  role,
  unitId: null,
});
const lead = person(7, 'lead');

describe('separation of duties', () => {
  it('keeps a person from deciding what they authored, and no one else', () => {
    expect(decidesOwn(lead, 7, true)).toBe(true);
    expect(decidesOwn(lead, 8, true)).toBe(false);
    expect(decidesOwn(lead, null, true)).toBe(false);
  });

  it('keeps nobody when the setting is off, and never the system actor', () => {
    expect(decidesOwn(lead, 7, false)).toBe(false);
    expect(decidesOwn(SYSTEM_ACTOR, 0, true)).toBe(false);
  });

  it('refuses with 403 and a stable code in both languages', () => {
    for (const [what, code] of [
      ['extension', 'own_request'],
      ['closing', 'own_request'],
      ['report', 'own_report'],
    ] as const) {
      let error: unknown;
      try {
        assertNotOwn(lead, 7, what, true);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error).toMatchObject({ status: 403, code });
      expect((error as ForbiddenError).messageZh).toMatch(/本人/);
    }
    expect(() => assertNotOwn(lead, 8, 'report', true)).not.toThrow();
  });

  it('does not offer the review of a report to the one who filed it', () => {
    const office = person(3, 'secretariat');
    expect(reportActions(office, { status: 'submitted', filedById: 3 }, true)).toEqual([]);
    expect(reportActions(office, { status: 'submitted', filedById: 3 }, false)).toEqual(['report.review']);
    expect(reportActions(office, { status: 'submitted', filedById: 4 }, true)).toEqual(['report.review']);
  });
});
