// The policy table, read as the rules of PRODUCT.md: who may do what, on whose objects, and what each answer lists.
import type { Actor } from '../auth/actor';
import { SYSTEM_ACTOR } from '../auth/actor';
import { ForbiddenError } from '../common/errors';
import { ACTIONS, type Action } from './actions';
import { allowedStatuses, bulletinActions, reportActions, roundActions, taskActions } from './allowed-actions';
import { listScope, taskUnits } from './list-scope';
import { meetingObject, noticeObject, reportObject, taskObject } from './objects';
import { assertCan, can, POLICY, roleActions, rolesFor, scopeOf } from './policy';
import { ROLES, type Role } from './roles';

const actor = (role: Role, unitId: number | null = null): Actor => ({
  id: 1,
  email: 'x@example.cn',
  displayName: 'x',
  role,
  unitId,
});
const liaison = (unitId: number) => actor('liaison', unitId);

// unit 1 leads the task, units 2 and 3 support it; unit 9 has no part in it
const task = { leadUnitId: 1, supportingUnitIds: [2, 3] };
const onTask = taskObject(task);

describe('the policy table', () => {
  it('names every action once and gives each a row', () => {
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
    expect(Object.keys(POLICY).sort()).toEqual([...ACTIONS].sort());
  });

  it('gives the roles exactly these actions at role level', () => {
    const table = Object.fromEntries(ACTIONS.map((a) => [a, rolesFor(a).sort()]));
    const sorted = (...roles: Role[]) => roles.sort();
    const planners = sorted('lead', 'secretariat');
    const office = sorted('admin', 'lead', 'secretariat');
    // the task force's people and its system administrator; not the auditor nor the security administrator
    const everyone = sorted('admin', 'lead', 'secretariat', 'liaison', 'viewer');
    expect(table).toEqual({
      'workspace.read': everyone,
      'unit.manage': ['admin'],
      'user.read': sorted('admin', 'lead', 'secretariat', 'liaison', 'security_admin'),
      'user.manage': ['admin'],
      'account.security': ['security_admin'],
      'security.policy.read': sorted('auditor', 'security_admin'),
      'plan.create': ['lead'],
      'plan.manage': planners,
      'task.read': everyone,
      'task.create': planners,
      'task.update': planners,
      'task.status': sorted('lead', 'secretariat', 'liaison'),
      'task.closing.request': sorted('lead', 'secretariat', 'liaison'),
      'task.closing.decide': ['lead'],
      'extension.read': everyone,
      'extension.request': sorted('lead', 'secretariat', 'liaison'),
      'extension.decide': ['lead'],
      'report.read': everyone,
      'report.file': sorted('lead', 'secretariat', 'liaison'),
      'report.review': planners,
      'indicator.manage': planners,
      'round.read': everyone,
      'round.manage': planners,
      'round.missing.read': everyone,
      'round.remind': planners,
      'bulletin.read': everyone,
      'bulletin.drafts.read': office,
      'bulletin.issue': planners,
      'meeting.read': everyone,
      'meeting.manage': planners,
      'digest.preview': sorted('admin', 'lead', 'secretariat', 'liaison'),
      'digest.send': sorted('admin', 'secretariat'),
      'audit.read': sorted('auditor', 'lead', 'secretariat'),
      'audit.verify': ['auditor'],
      'outbox.read': office,
      'outbox.manage': sorted('admin', 'secretariat'),
      'schedule.read': office,
      'schedule.run': sorted('admin', 'secretariat'),
      'supervision.issue': planners,
      'tasks.import': planners,
      'attachment.read': everyone,
      'attachment.upload': sorted('lead', 'secretariat', 'liaison'),
      'attachment.delete': sorted('admin', 'lead', 'liaison', 'secretariat'),
      'supervision.read': everyone,
      'supervision.reply': ['liaison'],
      'assessment.read': everyone,
      'channel.read': sorted('admin', 'lead', 'secretariat', 'liaison'),
      'channel.manage': sorted('admin', 'secretariat', 'liaison'),
      'channel.preferences': sorted('admin', 'lead', 'secretariat', 'liaison', 'viewer'),
      'acknowledgement.read': everyone,
      'acknowledgement.ack': ['liaison'],
      'task.urge': planners,
      'instruction.create': ['lead'],
      'comment.create': sorted('admin', 'lead', 'secretariat', 'liaison'),
      'comment.moderate': sorted('admin', 'secretariat'),
    } satisfies Record<Action, Role[]>);
  });

  it('lets every role but the liaison reach every unit with what it may do at all', () => {
    for (const role of ROLES.filter((r) => r !== 'liaison')) {
      for (const action of ACTIONS) expect([action, scopeOf(actor(role), action)]).not.toEqual([action, 'unit']);
    }
  });

  it('lets the system do everything', () => {
    for (const action of ACTIONS) expect(can(SYSTEM_ACTOR, action, { leadUnitId: 5 })).toBe(true);
  });

  it('lists at role level what the interface offers', () => {
    expect(roleActions(actor('viewer'))).toEqual([
      'workspace.read',
      'task.read',
      'extension.read',
      'report.read',
      'round.read',
      'round.missing.read',
      'bulletin.read',
      'meeting.read',
      'attachment.read',
      'supervision.read',
      'assessment.read',
      'channel.preferences',
      'acknowledgement.read',
    ]);
  });
});

describe('attachments', () => {
  it("lets a liaison upload on its own unit's objects only, and never on the office's", () => {
    expect(can(liaison(1), 'attachment.upload', { leadUnitId: 1 })).toBe(true);
    expect(can(liaison(1), 'attachment.upload', { leadUnitId: 2 })).toBe(false);
    expect(can(liaison(1), 'attachment.upload', { leadUnitId: null })).toBe(false);
    expect(can(actor('secretariat'), 'attachment.upload', { leadUnitId: null })).toBe(true);
    expect(can(actor('viewer'), 'attachment.upload', { leadUnitId: null })).toBe(false);
  });

  it('lets a lead or a liaison remove only what it uploaded, the office anything', () => {
    const mine = { ...actor('lead'), id: 7 };
    expect(can(mine, 'attachment.delete', { createdById: 7 })).toBe(true);
    expect(can(mine, 'attachment.delete', { createdById: 8 })).toBe(false);
    expect(can(mine, 'attachment.delete', { createdById: null })).toBe(false);
    expect(can({ ...liaison(1), id: 7 }, 'attachment.delete', { createdById: 7 })).toBe(true);
    expect(can(actor('secretariat'), 'attachment.delete', { createdById: 8 })).toBe(true);
    expect(can(actor('viewer'), 'attachment.delete', { createdById: 1 })).toBe(false);
  });
});

describe('acknowledgements and comments', () => {
  it("a liaison acknowledges its own unit's items only; nobody else acknowledges at all", () => {
    expect([1, 9].map((u) => can(liaison(u), 'acknowledgement.ack', { unitIds: [1] }))).toEqual([true, false]);
    for (const role of ['admin', 'lead', 'secretariat', 'viewer'] as const) {
      expect(can(actor(role), 'acknowledgement.ack')).toBe(false);
    }
  });

  it('a liaison comments on the tasks its unit has a part in; the viewer reads only', () => {
    expect([1, 2, 9].map((u) => can(liaison(u), 'comment.create', onTask))).toEqual([true, true, false]);
    expect(can(actor('viewer'), 'comment.create')).toBe(false);
  });
});

describe("a liaison and its unit's objects", () => {
  it('replies to a supervision notice addressed to its unit only, and reads no other unit’s', () => {
    expect(can(liaison(1), 'supervision.reply', noticeObject({ unitId: 1 }))).toBe(true);
    expect(can(liaison(1), 'supervision.reply', noticeObject({ unitId: 9 }))).toBe(false);
    expect(can(liaison(1), 'supervision.read', noticeObject({ unitId: 9 }))).toBe(false);
    expect(can(actor('viewer'), 'supervision.read', noticeObject({ unitId: 9 }))).toBe(true);
    expect(can(actor('secretariat'), 'supervision.reply', noticeObject({ unitId: 9 }))).toBe(false);
  });

  it("reads its own unit's missing reports in a round, not another unit's, and reminds no unit", () => {
    expect(can(liaison(1), 'round.missing.read', { unitIds: [1] })).toBe(true);
    expect(can(liaison(1), 'round.missing.read', { unitIds: [9] })).toBe(false);
    expect(can(liaison(1), 'round.remind')).toBe(false);
    expect(can(liaison(1), 'round.remind', { unitIds: [1] })).toBe(false);
  });

  it('reads the tasks its unit leads or supports, not the others', () => {
    expect([1, 2, 3, 9].map((u) => can(liaison(u), 'task.read', onTask))).toEqual([true, true, true, false]);
  });

  it('acts for the task (status, closing, extension) only when its unit leads it', () => {
    for (const action of ['task.status', 'task.closing.request', 'extension.request'] as const) {
      expect([1, 2, 9].map((u) => can(liaison(u), action, onTask))).toEqual([true, false, false]);
    }
  });

  it('files reports on the tasks its unit leads or supports', () => {
    expect([1, 2, 9].map((u) => can(liaison(u), 'report.file', onTask))).toEqual([true, true, false]);
  });

  it('starts or blocks a task, nothing else', () => {
    expect(can(liaison(1), 'task.status', onTask, 'blocked')).toBe(true);
    expect(can(liaison(1), 'task.status', onTask, 'in_progress')).toBe(true);
    expect(can(liaison(1), 'task.status', onTask, 'cancelled')).toBe(false);
    expect(can(actor('secretariat'), 'task.status', onTask, 'cancelled')).toBe(true);
  });

  it('without a unit reaches nothing', () => {
    expect(can(actor('liaison', null), 'task.read', onTask)).toBe(false);
  });

  it('reads the meetings its unit convenes or attends', () => {
    const meeting = meetingObject({ conveningUnitId: 4, units: [{ id: 5 }] });
    expect([4, 5, 9].map((u) => can(liaison(u), 'meeting.read', meeting))).toEqual([true, true, false]);
  });

  it('is refused with a 403 ForbiddenError in both languages', () => {
    expect(() => assertCan(liaison(9), 'task.read', onTask)).toThrow(ForbiddenError);
    try {
      assertCan(actor('viewer'), 'task.create');
    } catch (e) {
      expect(e).toMatchObject({ status: 403, code: 'forbidden' });
      expect((e as ForbiddenError).messageZh).toContain('lead');
    }
  });
});

describe('who reads a report on a task', () => {
  const mayRead = (a: Actor, report: { unitId: number }) => can(a, 'report.read', reportObject(task, report));

  it("lets the lead unit's liaison read every unit's report on its task", () => {
    for (const unitId of [1, 2, 3]) expect(mayRead(liaison(1), { unitId })).toBe(true);
  });

  it("lets a supporting unit's liaison read its own reports and the lead unit's, not another supporting unit's", () => {
    expect(mayRead(liaison(2), { unitId: 2 })).toBe(true);
    expect(mayRead(liaison(2), { unitId: 1 })).toBe(true);
    expect(mayRead(liaison(2), { unitId: 3 })).toBe(false);
  });

  it('leaves the other roles to the task-level rule', () => {
    for (const role of ['admin', 'lead', 'secretariat', 'viewer'] as const) {
      expect(mayRead(actor(role), { unitId: 3 })).toBe(true);
    }
  });
});

describe('the list scope', () => {
  it('adds nothing for roles that see all', () => {
    expect(listScope(actor('viewer'), 'task.read')).toBeNull();
  });

  it("narrows a liaison's tasks to those its unit leads or supports, with quoted columns", () => {
    expect(listScope(liaison(7), 'task.read', taskUnits('t'))).toEqual({
      where:
        '(t."leadUnitId" = :accessUnit OR t."id" IN (SELECT x_access."taskId" FROM "task_supporting_unit" x_access WHERE x_access."unitId" = :accessUnit))',
      params: { accessUnit: 7 },
      // the same set of tasks, as one set of ids, for counting
      countWhere:
        't."id" IN (SELECT x_self."id" FROM "task" x_self WHERE x_self."leadUnitId" = :accessUnit UNION ALL SELECT x_access."taskId" FROM "task_supporting_unit" x_access WHERE x_access."unitId" = :accessUnit)',
    });
  });

  it('narrows to the lead unit where the policy says so, and to nothing where it says no', () => {
    expect(listScope(liaison(7), 'extension.read')).toEqual({
      where: 't."leadUnitId" = :accessUnit',
      params: { accessUnit: 7 },
    });
    expect(listScope(actor('viewer'), 'user.read')).toEqual({ where: '1 = 0', params: {} });
  });
});

describe('allowedActions', () => {
  const today = '2023-09-20';
  const at = (status: Parameters<typeof taskActions>[1]['status'], deadline = '2023-12-31') => ({
    ...task,
    status,
    deadline,
  });

  it("gives the lead unit's liaison the lead unit's actions on an open task", () => {
    expect(taskActions(liaison(1), at('in_progress'), today)).toEqual([
      'task.status',
      'task.closing.request',
      'extension.request',
      'report.file',
    ]);
    expect(allowedStatuses(liaison(1), at('in_progress'))).toEqual(['blocked']);
    expect(taskActions(liaison(2), at('in_progress'), today)).toEqual(['report.file']);
    expect(taskActions(liaison(9), at('in_progress'), today)).toEqual([]);
  });

  it('follows the status machine: closing is decided only when submitted, nothing but reopening a cancelled task', () => {
    expect(taskActions(actor('lead'), at('submitted'), today)).toContain('task.closing.decide');
    expect(taskActions(actor('lead'), at('in_progress'), today)).not.toContain('task.closing.decide');
    expect(taskActions(actor('secretariat'), at('cancelled'), today)).toEqual(['task.status']);
    expect(allowedStatuses(actor('secretariat'), at('cancelled'))).toEqual(['draft']);
    expect(taskActions(actor('lead'), at('closed'), today)).toEqual([]);
  });

  it('offers no extension after the deadline', () => {
    expect(taskActions(liaison(1), at('in_progress', '2023-09-19'), today)).not.toContain('extension.request');
  });

  it('offers nothing to the viewer and the admin', () => {
    for (const role of ['viewer', 'admin'] as const)
      expect(taskActions(actor(role), at('submitted'), today)).toEqual([]);
  });

  it('offers review of a submitted report, a round while open and a bulletin while a draft', () => {
    expect(reportActions(actor('secretariat'), { status: 'submitted' })).toEqual(['report.review']);
    expect(reportActions(actor('secretariat'), { status: 'accepted' })).toEqual([]);
    expect(reportActions(liaison(1), { status: 'submitted' })).toEqual([]);
    expect(roundActions(actor('lead'), { status: 'open' })).toEqual(['round.manage', 'round.remind']);
    expect(roundActions(actor('lead'), { status: 'closed' })).toEqual([]);
    expect(bulletinActions(actor('lead'), { status: 'draft' })).toEqual(['bulletin.issue']);
    expect(bulletinActions(actor('admin'), { status: 'draft' })).toEqual([]);
  });
});
