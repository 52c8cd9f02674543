import type { Actor } from '../auth/actor';
import { liaisonMayReadReport } from './reports.service';

const actor = (role: Actor['role'], unitId: number | null): Actor => ({
  id: 1,
  email: 'x@example.cn',
  displayName: 'x',
  role,
  unitId,
});

describe('who reads a report on a task', () => {
  // unit 1 leads the task, units 2 and 3 support it
  const task = { leadUnitId: 1 };

  it("lets the lead unit's liaison read every unit's report on its task", () => {
    for (const unitId of [1, 2, 3]) expect(liaisonMayReadReport(actor('liaison', 1), task, { unitId })).toBe(true);
  });

  it("lets a supporting unit's liaison read its own reports and the lead unit's, not another supporting unit's", () => {
    const liaison = actor('liaison', 2);
    expect(liaisonMayReadReport(liaison, task, { unitId: 2 })).toBe(true);
    expect(liaisonMayReadReport(liaison, task, { unitId: 1 })).toBe(true);
    expect(liaisonMayReadReport(liaison, task, { unitId: 3 })).toBe(false);
  });

  it('leaves the other roles to the task-level rule', () => {
    for (const role of ['admin', 'lead', 'secretariat', 'viewer'] as const) {
      expect(liaisonMayReadReport(actor(role, null), task, { unitId: 3 })).toBe(true);
    }
  });
});
