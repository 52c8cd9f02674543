import { DomainError } from '../common/errors';
import { assertTransition, canTransition, TRANSITIONS } from './status-machine';
import { TASK_STATUSES } from './task.entity';

describe('task status machine', () => {
  it('follows draft → assigned → in progress → submitted → closed', () => {
    expect(canTransition('draft', 'assigned')).toBe(true);
    expect(canTransition('assigned', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'submitted')).toBe(true);
    expect(canTransition('submitted', 'closed')).toBe(true);
  });

  it('lets nothing leave closed', () => {
    for (const to of TASK_STATUSES) expect(canTransition('closed', to)).toBe(false);
  });

  it('refuses a jump with a 409 that lists the allowed next statuses', () => {
    let error: unknown;
    try {
      assertTransition('draft', 'closed');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(409);
    expect((error as DomainError).messageEn).toContain('assigned, cancelled');
  });

  it('names only known statuses', () => {
    for (const [from, tos] of Object.entries(TRANSITIONS)) {
      expect(TASK_STATUSES).toContain(from);
      for (const to of tos) expect(TASK_STATUSES).toContain(to);
    }
  });
});
