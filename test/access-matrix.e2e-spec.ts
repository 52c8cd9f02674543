// Each role against each endpoint, including another unit's objects, driven by the access policy: each row names
// the action the endpoint takes and the object it takes it on, and the roles the row allows are those the policy
// gives. The liaison is 天水移动's (yd): "own" is a task it leads, "supported" one it supports, "other" one its
// unit has no part in; the 秦州区 (qzq) objects are a task qzq leads and yd supports, a report qzq filed on a task
// yd has no part in, and a meeting only qzq attends. Then: the allowedActions of a task and a report are what the
// API accepts.
import {
  can,
  meetingObject,
  noticeObject,
  reportObject,
  taskObject,
  unitsObject,
  type AccessObject,
  type Action,
} from '../src/access';
import { AcknowledgementsService } from '../src/acknowledgements/acknowledgements.service';
import type { Actor } from '../src/auth/actor';
import { DataSource } from 'typeorm';
import { Comment } from '../src/followup/comment.entity';
import { demoTasks, involves } from './support/demo';
import { startApp, type TestApp } from './support/app';
import { UnitChannel } from '../src/channels/unit-channel.entity';

type Role = 'admin' | 'lead' | 'secretariat' | 'liaison' | 'viewer' | 'auditor' | 'security_admin';
const ROLES: Role[] = ['admin', 'viewer', 'liaison', 'secretariat', 'lead', 'auditor', 'security_admin'];
/** Everyone signed in: the routes of one's own account. */
const EVERYONE = ROLES;
/** The task force's people and its system administrator: the shared data (workspace.read). */
const ALL: Role[] = ['admin', 'viewer', 'liaison', 'secretariat', 'lead'];

interface Ids {
  own: number;
  ownToo: number;
  supported: number;
  other: number;
  yd: number;
  gxj: number;
  otherLiaison: number;
  plan: number;
  workItem: number;
  indicator: number;
  extension: number;
  ownReport: number;
  ownReport2: number;
  otherReport: number;
  round: number;
  bulletin: number;
  qzq: number;
  qzqLed: number;
  qzqOnly: number;
  qzqReport: number;
  qzqMeeting: number;
  /** An attachment the secretariat uploaded on qzq's report. */
  qzqAttachment: number;
  /** A red task yd leads without a notice, and notices to yd and to gxj. */
  ydRed: number;
  ydNotice: number;
  gxjNotice: number;
  ownAck: number;
  qzqAck: number;
  /** A comment on the own task written by no person (the system): nobody is its author. */
  comment: number;
}

interface TaskUnits {
  leadUnitId: number;
  supportingUnitIds: number[];
}

/** What the rows need to know of the objects, read from the API in beforeAll. */
interface Objects {
  task: Record<number, TaskUnits>;
  reportUnit: Record<number, { taskId: number; unitId: number }>;
  roundUnits: number[];
  meeting: { conveningUnitId: number; units: { id: number }[] };
}

interface Row {
  method: string;
  path: (ids: Ids) => string;
  body?: (ids: Ids, role: Role) => unknown;
  allowed: Role[];
  /** The action the endpoint takes (none: anyone signed in) and the object it takes it on. */
  action?: Action;
  on?: (ids: Ids, o: Objects) => AccessObject;
  /** Refused with 404 rather than 403, so that the object's existence is not disclosed. */
  hidden?: boolean;
  /** A route of one's own account (@SelfService): open to every role. Any other route without an action of its
   * own needs workspace.read; a route whose action a role without workspace.read holds names it with @Can. */
  self?: boolean;
  /** Refused to every role whatever the action's row says (a rule beyond the role: privileged accounts). */
  refusedAnyway?: boolean;
}

const task = (key: keyof Ids) => (i: Ids, o: Objects) => taskObject(o.task[i[key]]);
const report = (key: keyof Ids) => (i: Ids, o: Objects) => {
  const r = o.reportUnit[i[key]];
  return reportObject(o.task[r.taskId], r);
};
const round = () => (_i: Ids, o: Objects) => unitsObject(o.roundUnits);
const unit = (key: keyof Ids) => (i: Ids) => unitsObject([i[key]]);
const notice = (key: 'yd' | 'gxj') => (i: Ids) => noticeObject({ unitId: i[key] });

/** Channels made in beforeAll: one of each unit to change, and plenty to delete (each delete takes its own). */
const channelIds = { yd: 0, qzq: 0 };
const channelsToDelete: number[] = [];
const qzqChannelsToDelete: number[] = [];

let seq = 0;
const ROWS: Row[] = [
  { method: 'GET', path: () => '/api/auth/me', allowed: EVERYONE, self: true },
  { method: 'GET', path: () => '/api/units', allowed: ALL },
  { method: 'GET', path: (i) => `/api/units/${i.yd}`, allowed: ALL },
  {
    method: 'POST',
    path: () => '/api/units',
    body: () => ({ code: `matrix-${++seq}`, name: '测试单位' }),
    allowed: ['admin'],
    action: 'unit.manage',
  },
  {
    method: 'PATCH',
    path: (i) => `/api/units/${i.yd}`,
    body: () => ({ nameEn: 'China Mobile Tianshui' }),
    allowed: ['admin'],
    action: 'unit.manage',
  },
  {
    method: 'GET',
    path: () => '/api/users',
    allowed: ['admin', 'lead', 'secretariat', 'liaison', 'security_admin'],
    action: 'user.read',
  },
  {
    method: 'GET',
    path: (i) => `/api/users/${i.otherLiaison}`,
    allowed: ['admin', 'lead', 'secretariat', 'security_admin'],
    action: 'user.read',
    on: unit('qzq'),
    hidden: true,
  },
  {
    method: 'POST',
    path: () => '/api/users',
    body: () => ({
      email: `matrix${++seq}@example.cn`,
      displayName: '测试',
      role: 'viewer',
      password: 'Matrix-password-1',
    }),
    allowed: ['admin'],
    action: 'user.manage',
  },
  {
    method: 'PATCH',
    path: (i) => `/api/users/${i.otherLiaison}`,
    body: () => ({ displayName: '刘婷' }),
    allowed: ['admin'],
    action: 'user.manage',
  },
  {
    method: 'POST',
    path: (i) => `/api/users/${i.otherLiaison}/unlock`,
    allowed: ['security_admin'],
    action: 'account.security',
  },
  {
    method: 'POST',
    path: (i) => `/api/users/${i.otherLiaison}/sessions/end`,
    allowed: ['security_admin'],
    action: 'account.security',
  },
  {
    method: 'POST',
    path: () => '/api/users',
    body: () => ({
      email: `matrix${++seq}@example.cn`,
      displayName: '测试',
      role: 'auditor',
      password: 'Matrix-password-1',
    }),
    // nobody through the API: the administrators' accounts are the command line's
    allowed: [],
    action: 'user.manage',
    refusedAnyway: true,
  },
  {
    method: 'GET',
    path: () => '/api/security/policy',
    allowed: ['auditor', 'security_admin'],
    action: 'security.policy.read',
  },
  {
    method: 'PATCH',
    path: () => '/api/users/me',
    body: () => ({ wantsDigest: true }),
    allowed: EVERYONE,
    self: true,
  },
  {
    method: 'POST',
    path: (i) => `/api/users/${i.otherLiaison}/totp/reset`,
    allowed: ['security_admin'],
    action: 'account.security',
  },
  { method: 'GET', path: () => '/api/auth/totp', allowed: EVERYONE, self: true },
  { method: 'GET', path: () => '/api/plans', allowed: ALL },
  { method: 'GET', path: (i) => `/api/plans/${i.plan}`, allowed: ALL },
  {
    method: 'POST',
    path: () => '/api/plans',
    body: () => ({ code: `matrix-${++seq}`, title: '另一计划' }),
    allowed: ['lead'],
    action: 'plan.create',
  },
  {
    method: 'PATCH',
    path: (i) => `/api/plans/${i.plan}`,
    body: () => ({ titleEn: 'Tianshui 5G work plan' }),
    allowed: ['lead', 'secretariat'],
    action: 'plan.manage',
  },
  { method: 'GET', path: (i) => `/api/work-items?planId=${i.plan}`, allowed: ALL },
  {
    method: 'POST',
    path: () => '/api/work-items',
    body: (i) => ({ planId: i.plan, code: `M${++seq}`, seq: 10 + seq, title: '新事项' }),
    allowed: ['lead', 'secretariat'],
    action: 'plan.manage',
  },
  {
    method: 'PATCH',
    path: (i) => `/api/work-items/${i.workItem}`,
    body: () => ({ titleEn: 'Mechanism' }),
    allowed: ['lead', 'secretariat'],
    action: 'plan.manage',
  },
  { method: 'GET', path: () => '/api/tasks', allowed: ALL, action: 'task.read' },
  { method: 'GET', path: (i) => `/api/tasks/${i.own}`, allowed: ALL, action: 'task.read', on: task('own') },
  { method: 'GET', path: (i) => `/api/tasks/${i.supported}`, allowed: ALL, action: 'task.read', on: task('supported') },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.other}`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'task.read',
    on: task('other'),
  },
  {
    method: 'POST',
    path: () => '/api/tasks',
    body: (i) => ({ workItemId: i.workItem, title: '矩阵任务', leadUnitId: i.yd, deadline: '2023-12-29' }),
    allowed: ['lead', 'secretariat'],
    action: 'task.create',
  },
  {
    method: 'PATCH',
    path: (i) => `/api/tasks/${i.own}`,
    body: () => ({ ownerName: '王涛' }),
    allowed: ['lead', 'secretariat'],
    action: 'task.update',
    on: task('own'),
  },
  {
    method: 'PATCH',
    path: (i) => `/api/tasks/${i.other}`,
    body: () => ({ ownerName: '陈晓燕' }),
    allowed: ['lead', 'secretariat'],
    action: 'task.update',
    on: task('other'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.own}/status`,
    body: () => ({ status: 'blocked', reason: '需协调' }),
    allowed: ['liaison', 'secretariat', 'lead'],
    action: 'task.status',
    on: task('own'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.supported}/status`,
    body: () => ({ status: 'blocked', reason: '需协调' }),
    allowed: ['secretariat', 'lead'],
    action: 'task.status',
    on: task('supported'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/status`,
    body: () => ({ status: 'blocked', reason: '需协调' }),
    allowed: ['secretariat', 'lead'],
    action: 'task.status',
    on: task('other'),
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.other}/audit`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'task.read',
    on: task('other'),
  },
  { method: 'GET', path: (i) => `/api/tasks/${i.own}/audit`, allowed: ALL, action: 'task.read', on: task('own') },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.ownToo}/extensions`,
    body: () => ({ requestedDeadline: '2025-06-30', reason: '延期' }),
    allowed: ['liaison', 'secretariat', 'lead'],
    action: 'extension.request',
    on: task('ownToo'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.supported}/extensions`,
    body: () => ({ requestedDeadline: '2025-06-30', reason: '延期' }),
    allowed: ['secretariat', 'lead'],
    action: 'extension.request',
    on: task('supported'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/extensions`,
    body: () => ({ requestedDeadline: '2025-06-30', reason: '延期' }),
    allowed: ['secretariat', 'lead'],
    action: 'extension.request',
    on: task('other'),
  },
  { method: 'GET', path: () => '/api/extensions', allowed: ALL, action: 'extension.read' },
  { method: 'GET', path: (i) => `/api/extensions/${i.extension}`, allowed: ALL, action: 'task.read', on: task('own') },
  {
    method: 'POST',
    path: (i) => `/api/extensions/${i.extension}/approve`,
    body: () => ({}),
    allowed: ['lead'],
    action: 'extension.decide',
    on: task('own'),
  },
  {
    method: 'POST',
    path: (i) => `/api/extensions/${i.extension}/refuse`,
    body: () => ({ reason: '不同意' }),
    allowed: ['lead'],
    action: 'extension.decide',
    on: task('own'),
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.other}/closing`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'task.read',
    on: task('other'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/closing`,
    body: () => ({ note: '完成' }),
    allowed: ['secretariat', 'lead'],
    action: 'task.closing.request',
    on: task('other'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.supported}/closing`,
    body: () => ({ note: '完成' }),
    allowed: ['secretariat', 'lead'],
    action: 'task.closing.request',
    on: task('supported'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/closing/return`,
    body: () => ({ reason: '材料不全' }),
    allowed: ['lead'],
    action: 'task.closing.decide',
    on: task('other'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/closing/accept`,
    body: () => ({}),
    allowed: ['lead'],
    action: 'task.closing.decide',
    on: task('other'),
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.other}/reports`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'task.read',
    on: task('other'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/reports`,
    body: (i) => ({ period: '2023-08', text: '代报', percent: 50, unitId: i.gxj }),
    allowed: ['secretariat', 'lead'],
    action: 'report.file',
    on: task('other'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.supported}/reports`,
    body: (i, role) => ({
      period: '2023-07',
      text: '配合进展',
      percent: 30,
      ...(role === 'liaison' ? {} : { unitId: i.yd }),
    }),
    allowed: ['liaison', 'secretariat', 'lead'],
    action: 'report.file',
    on: task('supported'),
  },
  { method: 'GET', path: () => '/api/reports', allowed: ALL, action: 'report.read' },
  {
    method: 'GET',
    path: (i) => `/api/reports/${i.otherReport}`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'report.read',
    on: report('otherReport'),
  },
  {
    method: 'GET',
    path: (i) => `/api/reports/${i.ownReport}`,
    allowed: ALL,
    action: 'report.read',
    on: report('ownReport'),
  },
  {
    method: 'POST',
    path: (i) => `/api/reports/${i.ownReport}/accept`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
    action: 'report.review',
  },
  {
    method: 'POST',
    path: (i) => `/api/reports/${i.ownReport2}/return`,
    body: () => ({ reason: '数据有误' }),
    allowed: ['secretariat', 'lead'],
    action: 'report.review',
  },
  { method: 'GET', path: () => '/api/indicators', allowed: ALL },
  { method: 'GET', path: (i) => `/api/indicators/${i.indicator}`, allowed: ALL },
  { method: 'GET', path: (i) => `/api/indicators/${i.indicator}/values`, allowed: ALL },
  {
    method: 'POST',
    path: () => '/api/indicators',
    body: (i) => ({
      planId: i.plan,
      code: `matrix-${++seq}`,
      name: '测试指标',
      measure: '个',
      baseline: 0,
      baselineDate: '2023-01-01',
      target: 10,
      targetDate: '2023-12-31',
    }),
    allowed: ['lead', 'secretariat'],
    action: 'indicator.manage',
  },
  {
    method: 'PATCH',
    path: (i) => `/api/indicators/${i.indicator}`,
    body: () => ({ nameEn: 'New 5G base stations' }),
    allowed: ['lead', 'secretariat'],
    action: 'indicator.manage',
  },
  {
    method: 'POST',
    path: (i) => `/api/indicators/${i.indicator}/values`,
    body: () => ({ value: 1200, observedOn: '2023-09-15' }),
    allowed: ['lead', 'secretariat'],
    action: 'indicator.manage',
  },
  { method: 'GET', path: () => '/api/audit', allowed: ['auditor', 'lead', 'secretariat'], action: 'audit.read' },
  { method: 'GET', path: () => '/api/audit/verify', allowed: ['auditor'], action: 'audit.verify' },
  { method: 'GET', path: () => '/api/outbox', allowed: ['admin', 'secretariat', 'lead'], action: 'outbox.read' },
  { method: 'GET', path: () => '/api/outbox/counts', allowed: ['admin', 'secretariat', 'lead'], action: 'outbox.read' },
  {
    method: 'POST',
    path: () => '/api/outbox/deliver',
    body: () => ({}),
    allowed: ['admin', 'secretariat'],
    action: 'outbox.manage',
  },
  { method: 'GET', path: () => '/api/schedule', allowed: ['admin', 'lead', 'secretariat'], action: 'schedule.read' },
  {
    method: 'GET',
    path: () => '/api/schedule/runs',
    allowed: ['admin', 'lead', 'secretariat'],
    action: 'schedule.read',
  },
  {
    method: 'POST',
    path: () => '/api/schedule/escalation/run',
    body: () => ({}),
    allowed: ['admin', 'secretariat'],
    action: 'schedule.run',
  },
  { method: 'GET', path: () => '/api/dispatch-rounds', allowed: ALL, action: 'round.read' },
  {
    method: 'POST',
    path: () => '/api/dispatch-rounds',
    body: () => ({ period: '2023-09', dueDate: '2023-09-25' }),
    allowed: ['secretariat', 'lead'],
    action: 'round.manage',
  },
  { method: 'GET', path: (i) => `/api/dispatch-rounds/${i.round}`, allowed: ALL, action: 'round.read', on: round() },
  {
    method: 'GET',
    path: (i) => `/api/dispatch-rounds/${i.round}/late`,
    allowed: ALL,
    action: 'round.read',
    on: round(),
  },
  {
    method: 'GET',
    path: (i) => `/api/dispatch-rounds/${i.round}/missing`,
    allowed: ALL,
    action: 'round.missing.read',
    on: round(),
  },
  // another unit's missing reports: not the liaison's to read
  {
    method: 'GET',
    path: (i) => `/api/dispatch-rounds/${i.round}/missing?unitId=${i.gxj}`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'round.missing.read',
    on: unit('gxj'),
  },
  // reminding is the office's: not even the liaison's own unit
  {
    method: 'POST',
    path: (i) => `/api/dispatch-rounds/${i.round}/units/${i.yd}/remind`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
    action: 'round.remind',
    on: round(),
  },
  {
    method: 'POST',
    path: (i) => `/api/dispatch-rounds/${i.round}/late/remind`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
    action: 'round.remind',
    on: round(),
  },
  {
    method: 'POST',
    path: (i) => `/api/dispatch-rounds/${i.round}/close`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
    action: 'round.manage',
    on: round(),
  },
  { method: 'GET', path: () => '/api/bulletins', allowed: ALL, action: 'bulletin.read' },
  {
    method: 'POST',
    path: () => '/api/bulletins',
    body: () => ({ period: '2023-09' }),
    allowed: ['secretariat', 'lead'],
    action: 'bulletin.issue',
  },
  {
    method: 'GET',
    path: (i) => `/api/bulletins/${i.bulletin}`,
    allowed: ['admin', 'secretariat', 'lead'],
    action: 'bulletin.drafts.read',
  },
  {
    method: 'POST',
    path: (i) => `/api/bulletins/${i.bulletin}/regenerate`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
    action: 'bulletin.issue',
  },
  {
    method: 'POST',
    path: (i) => `/api/bulletins/${i.bulletin}/send`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
    action: 'bulletin.issue',
  },
  { method: 'GET', path: (i) => `/api/bulletins/${i.bulletin}/preview`, allowed: ALL, action: 'bulletin.read' },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.own}/supervision-notice.docx`,
    allowed: ['lead', 'secretariat'],
    action: 'supervision.issue',
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.other}/supervision-notice.docx`,
    allowed: ['lead', 'secretariat'],
    action: 'supervision.issue',
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.ydRed}/supervision-notices`,
    body: () => ({}),
    allowed: ['lead', 'secretariat'],
    action: 'supervision.issue',
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.ydRed}/supervision-notices`,
    allowed: ALL,
    action: 'supervision.read',
  },
  { method: 'GET', path: () => '/api/supervision-notices', allowed: ALL, action: 'supervision.read' },
  {
    method: 'GET',
    path: (i) => `/api/supervision-notices/${i.ydNotice}`,
    allowed: ALL,
    action: 'supervision.read',
    on: notice('yd'),
  },
  {
    method: 'GET',
    path: (i) => `/api/supervision-notices/${i.gxjNotice}`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'supervision.read',
    on: notice('gxj'),
    hidden: true,
  },
  {
    method: 'GET',
    path: (i) => `/api/supervision-notices/${i.ydNotice}/document.docx`,
    allowed: ALL,
    action: 'supervision.read',
    on: notice('yd'),
  },
  {
    method: 'GET',
    path: (i) => `/api/supervision-notices/${i.gxjNotice}/document.docx`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'supervision.read',
    on: notice('gxj'),
    hidden: true,
  },
  {
    method: 'POST',
    path: (i) => `/api/supervision-notices/${i.ydNotice}/replies`,
    body: () => ({ text: '已办理' }),
    allowed: ['liaison'],
    action: 'supervision.reply',
    on: notice('yd'),
  },
  {
    method: 'POST',
    path: (i) => `/api/supervision-notices/${i.gxjNotice}/replies`,
    body: () => ({ text: '代为反馈' }),
    allowed: [],
    action: 'supervision.reply',
    on: notice('gxj'),
  },
  { method: 'GET', path: () => '/api/assessment?period=2023-09', allowed: ALL, action: 'assessment.read' },
  {
    method: 'GET',
    path: (i) => `/api/assessment/units/${i.gxj}/events?period=2023-09`,
    allowed: ALL,
    action: 'assessment.read',
  },
  { method: 'GET', path: () => '/api/assessment.xlsx?period=2023-09', allowed: ALL, action: 'assessment.read' },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.own}/dossier.docx`,
    allowed: ALL,
    action: 'task.read',
    on: task('own'),
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.other}/dossier.zip`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'task.read',
    on: task('other'),
  },
  {
    method: 'GET',
    path: (i) => `/api/digests/preview?unitId=${i.yd}`,
    allowed: ['admin', 'lead', 'secretariat', 'liaison'],
    action: 'digest.preview',
    on: unit('yd'),
  },
  {
    method: 'GET',
    path: (i) => `/api/digests/preview?unitId=${i.gxj}`,
    allowed: ['admin', 'lead', 'secretariat'],
    action: 'digest.preview',
    on: unit('gxj'),
  },
  {
    method: 'POST',
    path: () => '/api/digests/send',
    body: () => ({}),
    allowed: ['admin', 'secretariat'],
    action: 'digest.send',
  },
  { method: 'GET', path: () => '/api/dashboard', allowed: ALL },
  { method: 'GET', path: () => '/api/my-work', allowed: ALL },
  // 秦州区's objects: a task qzq leads and yd supports, one yd has no part in, a report and a meeting of qzq's only
  { method: 'GET', path: (i) => `/api/tasks/${i.qzqLed}`, allowed: ALL, action: 'task.read', on: task('qzqLed') },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.qzqLed}/status`,
    body: () => ({ status: 'blocked', reason: '需协调' }),
    allowed: ['secretariat', 'lead'],
    action: 'task.status',
    on: task('qzqLed'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.qzqLed}/extensions`,
    body: () => ({ requestedDeadline: '2024-09-30', reason: '延期' }),
    allowed: ['secretariat', 'lead'],
    action: 'extension.request',
    on: task('qzqLed'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.qzqLed}/reports`,
    body: (i, role) => ({
      period: '2023-08',
      text: '配合进展',
      percent: 20,
      ...(role === 'liaison' ? {} : { unitId: i.yd }),
    }),
    allowed: ['liaison', 'secretariat', 'lead'],
    action: 'report.file',
    on: task('qzqLed'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.qzqLed}/closing`,
    body: () => ({ note: '完成' }),
    allowed: ['secretariat', 'lead'],
    action: 'task.closing.request',
    on: task('qzqLed'),
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.qzqOnly}`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'task.read',
    on: task('qzqOnly'),
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.qzqOnly}/reports`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'task.read',
    on: task('qzqOnly'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.qzqOnly}/reports`,
    body: (i) => ({ period: '2023-08', text: '代报', percent: 30, unitId: i.qzq }),
    allowed: ['secretariat', 'lead'],
    action: 'report.file',
    on: task('qzqOnly'),
  },
  {
    method: 'GET',
    path: (i) => `/api/reports/${i.qzqReport}`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'report.read',
    on: report('qzqReport'),
  },
  {
    method: 'GET',
    path: (i) => `/api/digests/preview?unitId=${i.qzq}`,
    allowed: ['admin', 'lead', 'secretariat'],
    action: 'digest.preview',
    on: unit('qzq'),
  },
  { method: 'GET', path: () => '/api/meetings', allowed: ALL, action: 'meeting.read' },
  {
    method: 'GET',
    path: (i) => `/api/meetings/${i.qzqMeeting}`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'meeting.read',
    on: (_i, o) => meetingObject(o.meeting),
  },
  {
    method: 'PATCH',
    path: (i) => `/api/meetings/${i.qzqMeeting}`,
    body: () => ({ place: '秦州区政府二楼会议室' }),
    allowed: ['secretariat', 'lead'],
    action: 'meeting.manage',
    on: (_i, o) => meetingObject(o.meeting),
  }, // attachments: read by the owner's readers; uploaded by the unit acting on the owner or the office (the JSON
  // body is refused with 415 after the access check); removed by the office, or by the uploader only
  {
    method: 'GET',
    path: (i) => `/api/attachments?ownerType=report&ownerId=${i.qzqReport}`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'attachment.read',
    on: report('qzqReport'),
  },
  {
    method: 'GET',
    path: (i) => `/api/attachments?ownerType=report&ownerId=${i.ownReport}`,
    allowed: ALL,
    action: 'attachment.read',
    on: report('ownReport'),
  },
  {
    method: 'GET',
    path: (i) => `/api/attachments/${i.qzqAttachment}`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'attachment.read',
    on: report('qzqReport'),
  },
  {
    method: 'GET',
    path: (i) => `/api/attachments/${i.qzqAttachment}/content`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'attachment.read',
    on: report('qzqReport'),
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.qzqOnly}/attachments`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'attachment.read',
    on: task('qzqOnly'),
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.own}/attachments`,
    allowed: ALL,
    action: 'attachment.read',
    on: task('own'),
  },
  {
    method: 'GET',
    path: (i) => `/api/meetings/${i.qzqMeeting}/attachments`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'attachment.read',
    on: (_i, o) => meetingObject(o.meeting),
  },
  {
    method: 'POST',
    path: (i) => `/api/attachments?ownerType=report&ownerId=${i.ownReport}`,
    body: () => ({}),
    allowed: ['liaison', 'secretariat', 'lead'],
    action: 'attachment.upload',
    on: (i, o) => ({ leadUnitId: o.reportUnit[i.ownReport].unitId }),
  },
  {
    method: 'POST',
    path: (i) => `/api/attachments?ownerType=report&ownerId=${i.qzqReport}`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
    action: 'attachment.upload',
    on: (i, o) => ({ leadUnitId: o.reportUnit[i.qzqReport].unitId }),
  },
  {
    method: 'POST',
    path: (i) => `/api/attachments?ownerType=meeting&ownerId=${i.qzqMeeting}`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
    action: 'attachment.upload',
    on: () => ({ leadUnitId: null }),
  },
  {
    method: 'DELETE',
    path: (i) => `/api/attachments/${i.qzqAttachment}`,
    // the office is sent without a reason (400), so that the attachment stays for the roles after it
    body: (_i, role) => (role === 'lead' || role === 'liaison' ? { reason: '矩阵' } : {}),
    allowed: ['admin', 'secretariat'],
    action: 'attachment.delete',
    on: () => ({ createdById: -1 }),
  },
  // a unit's channels: a liaison its own unit's only; each delete takes a channel of its own (channelsToDelete)
  {
    method: 'GET',
    path: (i) => `/api/units/${i.yd}/channels`,
    allowed: ['admin', 'lead', 'secretariat', 'liaison'],
    action: 'channel.read',
    on: unit('yd'),
  },
  {
    method: 'GET',
    path: (i) => `/api/units/${i.qzq}/channels`,
    allowed: ['admin', 'lead', 'secretariat'],
    action: 'channel.read',
    on: unit('qzq'),
  },
  {
    method: 'POST',
    path: (i) => `/api/units/${i.yd}/channels`,
    body: () => ({ channel: 'sms', label: '值班手机', mobiles: ['13800000001'] }),
    allowed: ['admin', 'secretariat', 'liaison'],
    action: 'channel.manage',
    on: unit('yd'),
  },
  {
    method: 'POST',
    path: (i) => `/api/units/${i.qzq}/channels`,
    body: () => ({ channel: 'sms', label: '值班手机', mobiles: ['13800000001'] }),
    allowed: ['admin', 'secretariat'],
    action: 'channel.manage',
    on: unit('qzq'),
  },
  {
    method: 'PATCH',
    path: (i) => `/api/units/${i.yd}/channels/${channelIds.yd}`,
    body: () => ({ label: '天水移动值班手机' }),
    allowed: ['admin', 'secretariat', 'liaison'],
    action: 'channel.manage',
    on: unit('yd'),
  },
  {
    method: 'PATCH',
    path: (i) => `/api/units/${i.qzq}/channels/${channelIds.qzq}`,
    body: () => ({ enabled: true }),
    allowed: ['admin', 'secretariat'],
    action: 'channel.manage',
    on: unit('qzq'),
  },
  {
    method: 'POST',
    path: (i) => `/api/units/${i.yd}/channels/${channelIds.yd}/test`,
    allowed: ['admin', 'secretariat', 'liaison'],
    action: 'channel.manage',
    on: unit('yd'),
  },
  {
    method: 'POST',
    path: (i) => `/api/units/${i.qzq}/channels/${channelIds.qzq}/test`,
    allowed: ['admin', 'secretariat'],
    action: 'channel.manage',
    on: unit('qzq'),
  },
  {
    method: 'DELETE',
    path: (i) => `/api/units/${i.yd}/channels/${channelsToDelete.shift()}`,
    allowed: ['admin', 'secretariat', 'liaison'],
    action: 'channel.manage',
    on: unit('yd'),
  },
  {
    method: 'DELETE',
    path: (i) => `/api/units/${i.qzq}/channels/${qzqChannelsToDelete.shift()}`,
    allowed: ['admin', 'secretariat'],
    action: 'channel.manage',
    on: unit('qzq'),
  },
  {
    method: 'GET',
    path: () => '/api/me/channel-preferences',
    allowed: ALL,
    action: 'channel.preferences',
  },
  {
    method: 'PUT',
    path: () => '/api/me/channel-preferences',
    body: () => ({ preferences: [{ kind: 'digest', channel: 'sms', enabled: false }] }),
    allowed: ALL,
    action: 'channel.preferences',
  },
  // acknowledgements (签收), urgings (催办), leaders' instructions (领导批示)
  { method: 'GET', path: () => '/api/acknowledgements', allowed: ALL, action: 'acknowledgement.read' },
  {
    method: 'POST',
    path: (i) => `/api/acknowledgements/${i.ownAck}`,
    allowed: ['liaison'],
    action: 'acknowledgement.ack',
    on: unit('yd'),
  },
  {
    method: 'POST',
    path: (i) => `/api/acknowledgements/${i.qzqAck}`,
    allowed: [],
    action: 'acknowledgement.ack',
    on: unit('qzq'),
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.own}/acknowledgements`,
    allowed: ALL,
    action: 'acknowledgement.read',
    on: task('own'),
  },
  {
    method: 'GET',
    path: (i) => `/api/tasks/${i.other}/acknowledgements`,
    allowed: ['admin', 'viewer', 'secretariat', 'lead'],
    action: 'acknowledgement.read',
    on: task('other'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.ownToo}/acknowledge`,
    allowed: ['liaison'],
    action: 'acknowledgement.ack',
    on: task('ownToo'),
  },
  { method: 'GET', path: (i) => `/api/tasks/${i.own}/urgings`, allowed: ALL },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.own}/urgings`,
    body: (i) => ({ unitId: i.yd, note: '请加快推进。' }),
    allowed: ['secretariat', 'lead'],
    action: 'task.urge',
    on: task('own'),
  },
  { method: 'GET', path: (i) => `/api/tasks/${i.own}/instructions`, allowed: ALL },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.own}/instructions`,
    body: () => ({ leaderName: '王市长', text: '请抓紧落实。' }),
    allowed: ['lead'],
    action: 'instruction.create',
    on: task('own'),
  },
  {
    method: 'POST',
    path: () => '/api/instructions',
    body: (i) => ({
      leaderName: '王市长',
      text: '请研究落实。',
      task: { workItemId: i.workItem, title: `批示任务 ${++seq}`, leadUnitId: i.yd, deadline: '2023-12-31' },
    }),
    allowed: ['lead'],
    action: 'instruction.create',
  },
  { method: 'GET', path: (i) => `/api/tasks/${i.own}/comments`, allowed: ALL },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.own}/comments`,
    body: () => ({ body: '请抓紧。' }),
    allowed: ['admin', 'liaison', 'secretariat', 'lead'],
    action: 'comment.create',
    on: task('own'),
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/comments`,
    body: () => ({ body: '越权留言' }),
    allowed: ['admin', 'secretariat', 'lead'],
    action: 'comment.create',
    on: task('other'),
  },
  {
    method: 'PATCH',
    path: (i) => `/api/comments/${i.comment}`,
    body: () => ({ body: '改写' }),
    // only the author edits, and this comment has none
    allowed: [],
    action: 'comment.create',
    refusedAnyway: true,
  },
  {
    method: 'DELETE',
    path: (i) => `/api/comments/${i.comment}`,
    body: () => ({ reason: '内容重复' }),
    allowed: ['admin', 'secretariat'],
    action: 'comment.moderate',
  },
];

/** The person of a role as the policy sees it: the liaison is yd's. */
const actorOf = (role: Role, ids: Ids): Actor => ({
  id: 1,
  email: `${role}@example.cn`,
  displayName: role,
  role,
  unitId: role === 'liaison' ? ids.yd : null,
});

describe('access matrix: each role against each endpoint', () => {
  let t: TestApp;
  const ids = {} as Ids;
  const objects: Objects = { task: {}, reportUnit: {}, roundUnits: [], meeting: { conveningUnitId: 0, units: [] } };
  const policyAllows = (row: Row, role: Role) => {
    const actor = actorOf(role, ids);
    if (row.refusedAnyway) return false;
    if (row.action === undefined) return row.self === true || can(actor, 'workspace.read');
    return can(actor, row.action, row.on?.(ids, objects));
  };

  beforeAll(async () => {
    t = await startApp();
    const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as { id: number; code: string }[];
    const idOf = (code: string) => tasks.find((x) => x.code === code)!.id;
    const open = (x: (typeof demoTasks)[number]) =>
      x.status === 'in_progress' && x.deadline !== null && x.deadline > '2023-09-20';
    const ownTasks = demoTasks.filter((x) => x.leadUnit === 'yd' && open(x));
    ids.own = idOf(ownTasks[0].code);
    ids.ownToo = idOf(ownTasks[1].code);
    ids.supported = idOf(demoTasks.find((x) => x.supportingUnits.includes('yd') && open(x) && !x.recurrence)!.code);
    ids.other = idOf(demoTasks.find((x) => !involves(x, 'yd') && open(x) && x.leadUnit === 'gxj')!.code);
    const units = await t.get('lead', '/api/units');
    ids.yd = units.find((u: { code: string }) => u.code === 'yd').id;
    ids.gxj = units.find((u: { code: string }) => u.code === 'gxj').id;
    ids.qzq = units.find((u: { code: string }) => u.code === 'qzq').id;
    ids.qzqLed = idOf(demoTasks.find((x) => x.leadUnit === 'qzq' && involves(x, 'yd') && open(x))!.code);
    ids.qzqOnly = idOf(
      demoTasks.find((x) => x.supportingUnits.includes('qzq') && !involves(x, 'yd') && open(x) && !x.recurrence)!.code,
    );
    ids.otherLiaison = (await t.get('lead', '/api/users')).find(
      (u: { email: string }) => u.email === 'liaison.qzq@tianshui.example.cn',
    ).id;
    ids.plan = (await t.get('lead', '/api/plans'))[0].id;
    ids.workItem = (await t.get('lead', `/api/plans/${ids.plan}`)).workItems[0].id;
    ids.indicator = (await t.get('lead', '/api/indicators'))[0].id;
    const ext = await t.call('liaison', 'POST', `/api/tasks/${ids.own}/extensions`, {
      requestedDeadline: '2025-03-31',
      reason: '施工窗口',
    });
    ids.extension = ext.body.id;
    const r1 = await t.call('liaison', 'POST', `/api/tasks/${ids.own}/reports`, {
      period: '2023-09',
      text: '九月进展',
      percent: 50,
    });
    const r2 = await t.call('liaison', 'POST', `/api/tasks/${ids.ownToo}/reports`, {
      period: '2023-09',
      text: '九月进展',
      percent: 40,
    });
    const r3 = await t.call('secretariat', 'POST', `/api/tasks/${ids.other}/reports`, {
      period: '2023-07',
      text: '七月',
      percent: 20,
      unitId: ids.gxj,
    });
    expect([ext, r1, r2, r3].map((r) => [r.status, r.body.message])).toEqual(
      [201, 201, 201, 201].map((s) => [s, undefined]),
    );
    const r4 = await t.call('secretariat', 'POST', `/api/tasks/${ids.qzqOnly}/reports`, {
      period: '2023-07',
      text: '秦州区七月',
      percent: 30,
      unitId: ids.qzq,
    });
    const meeting = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '秦州区专题会商会',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      place: '秦州区政府会议室',
      conveningUnitId: ids.qzq,
      unitIds: [ids.qzq],
    });
    expect([r4.status, meeting.status, r4.body.message, meeting.body.message]).toEqual([
      201,
      201,
      undefined,
      undefined,
    ]);
    ids.qzqReport = r4.body.id;
    ids.qzqMeeting = meeting.body.id;
    objects.meeting = meeting.body;
    ids.ownReport = r1.body.id;
    ids.ownReport2 = r2.body.id;
    ids.otherReport = r3.body.id;
    const round = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    const bulletin = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect([round.status, bulletin.status]).toEqual([201, 201]);
    ids.round = round.body.id;
    ids.bulletin = bulletin.body.id;
    // supervision notices: to yd on a red task made for it, and to gxj on one of its red demo tasks
    const redTask = async () => {
      const made = await t.call('secretariat', 'POST', '/api/tasks', {
        workItemId: ids.workItem,
        title: '逾期督办任务',
        leadUnitId: ids.yd,
        startDate: '2023-06-01',
        deadline: '2023-09-01',
      });
      expect(made.status).toBe(201);
      return made.body.id as number;
    };
    ids.ydRed = await redTask();
    const ydNotice = await t.call('secretariat', 'POST', `/api/tasks/${await redTask()}/supervision-notices`, {});
    const gxjRed = (await t.get('lead', `/api/tasks?colour=red&unitId=${ids.gxj}&unitRole=lead&pageSize=1`)).items[0];
    const gxjNotice = await t.call('secretariat', 'POST', `/api/tasks/${gxjRed.id}/supervision-notices`, {});
    expect([ydNotice.status, gxjNotice.status]).toEqual([201, 201]);
    ids.ydNotice = ydNotice.body.id;
    ids.gxjNotice = gxjNotice.body.id;
    objects.roundUnits = round.body.units.map((u: { unit: { id: number } }) => u.unit.id);
    for (const id of [ids.own, ids.ownToo, ids.supported, ids.other, ids.qzqLed, ids.qzqOnly]) {
      const x = await t.get('lead', `/api/tasks/${id}`);
      objects.task[id] = {
        leadUnitId: x.leadUnit.id,
        supportingUnitIds: x.supportingUnits.map((u: { id: number }) => u.id),
      };
    }
    // the demo's tasks are under way, received long ago: each unit is asked to acknowledge one of them here
    const acknowledgements = t.app.get(AcknowledgementsService);
    await acknowledgements.request('task', ids.own, ids.own, [ids.yd]);
    await acknowledgements.request('task', ids.qzqOnly, ids.qzqOnly, [ids.qzq]);
    const acks = await t.get<{ id: number; task: { id: number }; unit: { id: number } }[]>(
      'lead',
      '/api/acknowledgements?kind=task',
    );
    ids.ownAck = acks.find((a) => a.task.id === ids.own && a.unit.id === ids.yd)!.id;
    ids.qzqAck = acks.find((a) => a.task.id === ids.qzqOnly && a.unit.id === ids.qzq)!.id;
    ids.comment = (
      await t.app
        .get(DataSource)
        .getRepository(Comment)
        .save({ taskId: ids.own, reportId: null, body: '系统留言', authorId: null, createdAt: t.clock.now() })
    ).id;
    for (const id of [ids.ownReport, ids.ownReport2, ids.otherReport, ids.qzqReport]) {
      const x = await t.get('lead', `/api/reports/${id}`);
      objects.reportUnit[id] = { taskId: x.task.id, unitId: x.unit.id };
    }
    const boundary = 'matrix-boundary';
    const upload = await fetch(`${t.url}/api/attachments?ownerType=report&ownerId=${ids.qzqReport}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await t.as('secretariat')}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body:
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="秦州区材料.txt"\r\n` +
        `Content-Type: text/plain\r\n\r\n秦州区材料\r\n--${boundary}--\r\n`,
    });
    expect(upload.status).toBe(201);
    ids.qzqAttachment = ((await upload.json()) as { id: number }[])[0].id;
    // stored as they are: the matrix runs without CHANNEL_SECRET_KEY (a change of label or a delete needs none)
    const channels = t.app.get(DataSource).getRepository(UnitChannel);
    const channel = (unitId: number) =>
      channels.save(
        channels.create({ unitId, channel: 'sms', label: '值班手机', address: '', mobiles: ['13800000001'] }),
      );
    channelIds.yd = (await channel(ids.yd)).id;
    channelIds.qzq = (await channel(ids.qzq)).id;
    for (let i = 0; i < 2 * ROLES.length; i++) {
      channelsToDelete.push((await channel(ids.yd)).id);
      qzqChannelsToDelete.push((await channel(ids.qzq)).id);
    }
  });
  afterAll(() => t.close());

  const cases = ROWS.flatMap((row) => ROLES.map((role) => ({ row, role })));

  it('allows on each row exactly the roles the policy gives the action on its object', () => {
    const disagreements = ROWS.flatMap((row) =>
      ROLES.filter((role) => row.allowed.includes(role) !== policyAllows(row, role)).map(
        (role) => `${row.method} ${row.path(ids)} as ${role}`,
      ),
    );
    expect(disagreements).toEqual([]);
  });

  it.each(cases.map((c) => [`${c.row.method} ${c.row.path({} as Ids).replace(/undefined/g, ':id')} as ${c.role}`, c]))(
    '%s',
    async (_name, c) => {
      const { row, role } = c as (typeof cases)[number];
      const res = await t.call(role, row.method, row.path(ids), row.body?.(ids, role));
      if (row.allowed.includes(role)) {
        const refused = [401, 403, 404].includes(res.status) || res.status >= 500;
        expect({ role, refused, status: res.status, body: res.body }).toEqual(
          expect.objectContaining({ refused: false }),
        );
      } else {
        // Refused: 403, or 404 where the object's existence is not disclosed
        expect({ role, status: [403, 404].includes(res.status) }).toEqual({ role, status: true });
      }
      // and 403 exactly where the policy says no (404 for a hidden object, to a role that may take the action on
      // some object: one that may not at all is refused at the route, which discloses nothing)
      const hidden = row.hidden && row.action !== undefined && can(actorOf(role, ids), row.action);
      if (!policyAllows(row, role)) expect({ role, status: res.status }).toEqual({ role, status: hidden ? 404 : 403 });
      else expect({ role, status: res.status, body: res.body }).not.toEqual(expect.objectContaining({ status: 403 }));
    },
  );

  it('never answered a refused request with a change: the other unit’s task is as the lead left it', async () => {
    const audit = await t.get('lead', `/api/tasks/${ids.other}/audit`);
    const byLiaison = audit.items.filter(
      (a: { actorEmail: string }) => a.actorEmail === 'liaison.yd@tianshui.example.cn',
    );
    expect(byLiaison).toEqual([]);
  });
});

describe('allowedActions: what an answer lists is what the API then accepts', () => {
  let t: TestApp;
  let yd: number;
  let qzq: number;
  let workItem: number;

  /** Each action on a task, as the request that takes it. */
  const TASK_ACTIONS: Record<
    string,
    (task: { id: number; allowedStatuses: string[] }, role: Role) => [string, string, unknown]
  > = {
    'task.update': (x) => ['PATCH', `/api/tasks/${x.id}`, { ownerName: '王涛' }],
    'task.status': (x) => [
      'POST',
      `/api/tasks/${x.id}/status`,
      { status: x.allowedStatuses[0] ?? 'blocked', reason: '需协调' },
    ],
    'task.closing.request': (x) => ['POST', `/api/tasks/${x.id}/closing`, { note: '完成' }],
    'task.closing.decide': (x) => ['POST', `/api/tasks/${x.id}/closing/accept`, {}],
    'extension.request': (x) => [
      'POST',
      `/api/tasks/${x.id}/extensions`,
      { requestedDeadline: '2024-06-30', reason: '延期' },
    ],
    'report.file': (x, role) => [
      'POST',
      `/api/tasks/${x.id}/reports`,
      { period: '2023-09', text: '进展', percent: 10, ...(role === 'liaison' ? {} : { unitId: yd }) },
    ],
  };

  beforeAll(async () => {
    t = await startApp();
    const units = await t.get('lead', '/api/units');
    yd = units.find((u: { code: string }) => u.code === 'yd').id;
    qzq = units.find((u: { code: string }) => u.code === 'qzq').id;
    const plan = (await t.get('lead', '/api/plans'))[0].id;
    workItem = (await t.get('lead', `/api/plans/${plan}`)).workItems[0].id;
  });
  afterAll(() => t.close());

  /** A fresh task yd leads (qzq supports) in a status, so that each attempt starts from the same state. */
  const freshTask = async (lead: number, status: 'in_progress' | 'submitted'): Promise<number> => {
    const created = await t.call('lead', 'POST', '/api/tasks', {
      workItemId: workItem,
      title: '权限核对任务',
      leadUnitId: lead,
      supportingUnitIds: [lead === yd ? qzq : yd],
      deadline: '2023-12-29',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect((await t.call('lead', 'POST', `/api/tasks/${id}/status`, { status: 'in_progress' })).status).toBe(200);
    if (status === 'submitted') {
      // the lead unit's liaison asks, so that no role in the matrix decides its own request (separation of duties)
      const liaison = lead === yd ? 'liaison' : 'liaison2';
      expect((await t.call(liaison, 'POST', `/api/tasks/${id}/closing`, { note: '完成' })).status).toBe(201);
    }
    return id;
  };

  const taskCases = ALL.flatMap((role) =>
    (['in_progress', 'submitted'] as const).flatMap((status) =>
      (['yd', 'qzq'] as const).flatMap((leadUnit) =>
        Object.keys(TASK_ACTIONS).map(
          (action) =>
            [
              `${action} on a ${status} task ${leadUnit} leads, as ${role}`,
              { role, status, leadUnit, action },
            ] as const,
        ),
      ),
    ),
  );

  it.each(taskCases)('%s', async (_name, c) => {
    const id = await freshTask(c.leadUnit === 'yd' ? yd : qzq, c.status);
    const task = await t.get(c.role, `/api/tasks/${id}`);
    const listed = (task.allowedActions as string[]).includes(c.action);
    const [method, path, body] = TASK_ACTIONS[c.action](task, c.role);
    const res = await t.call(c.role, method, path, body);
    if (listed) {
      expect({ listed, ok: [200, 201].includes(res.status), status: res.status, body: res.body }).toEqual(
        expect.objectContaining({ ok: true }),
      );
    } else {
      expect({ listed, status: [403, 409].includes(res.status), got: res.status }).toEqual(
        expect.objectContaining({ status: true }),
      );
    }
  });

  it('lists the same actions on a task in the list as in its detail', async () => {
    const id = await freshTask(yd, 'in_progress');
    for (const role of ALL) {
      const detail = await t.get(role, `/api/tasks/${id}`);
      const page = await t.get(role, `/api/tasks?pageSize=500&sort=-updatedAt`);
      const inList = page.items.find((x: { id: number }) => x.id === id);
      expect({ role, actions: inList.allowedActions, statuses: inList.allowedStatuses }).toEqual({
        role,
        actions: detail.allowedActions,
        statuses: detail.allowedStatuses,
      });
    }
  });

  it.each(
    ALL.flatMap((role) =>
      (['submitted', 'accepted'] as const).map(
        (state) => [`report.review of a ${state} report, as ${role}`, { role, state }] as const,
      ),
    ),
  )('%s', async (_name, c) => {
    const taskId = await freshTask(yd, 'in_progress');
    // filed by the unit's liaison: no reviewing role in the matrix reviews its own report (separation of duties)
    const filed = await t.call('liaison', 'POST', `/api/tasks/${taskId}/reports`, {
      period: '2023-09',
      text: '进展',
      percent: 20,
    });
    expect(filed.status).toBe(201);
    if (c.state === 'accepted') {
      expect((await t.call('lead', 'POST', `/api/reports/${filed.body.id}/accept`, {})).status).toBe(200);
    }
    const report = await t.get(c.role, `/api/reports/${filed.body.id}`);
    const listed = (report.allowedActions as string[]).includes('report.review');
    const inList = (await t.get(c.role, `/api/tasks/${taskId}/reports`)).find(
      (r: { id: number }) => r.id === report.id,
    );
    expect(inList.allowedActions).toEqual(report.allowedActions);
    const res = await t.call(c.role, 'POST', `/api/reports/${report.id}/accept`, {});
    if (listed) expect({ listed, status: res.status }).toEqual({ listed, status: 200 });
    else expect({ listed, status: [403, 409].includes(res.status) }).toEqual({ listed, status: true });
  });

  it('lists actions on meetings, dispatch rounds and bulletins, in lists and details', async () => {
    const round = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    const bulletin = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    const meeting = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '会商会',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      place: '会议室',
      conveningUnitId: yd,
      unitIds: [yd],
    });
    expect([round.status, bulletin.status, meeting.status]).toEqual([201, 201, 201]);
    const planners = ['secretariat', 'lead'];
    for (const role of ALL) {
      const manage = planners.includes(role);
      const r = await t.get(role, `/api/dispatch-rounds/${round.body.id}`);
      const rounds = (await t.get(role, '/api/dispatch-rounds')).items;
      const m = await t.get(role, `/api/meetings/${meeting.body.id}`);
      const meetings = (await t.get(role, '/api/meetings')).items;
      const bulletins = await t.get(role, '/api/bulletins');
      expect({
        role,
        round: r.allowedActions,
        roundInList: rounds.find((x: { id: number }) => x.id === r.id).allowedActions,
        meeting: m.allowedActions,
        meetingInList: meetings.find((x: { id: number }) => x.id === m.id).allowedActions,
        bulletins: bulletins.map((b: { allowedActions: string[] }) => b.allowedActions),
      }).toEqual({
        role,
        round: manage ? ['round.manage', 'round.remind'] : [],
        roundInList: manage ? ['round.manage', 'round.remind'] : [],
        meeting: manage ? ['meeting.manage'] : [],
        meetingInList: manage ? ['meeting.manage'] : [],
        // drafts are listed to the office only; a draft is issued by the planners
        bulletins: manage ? [['bulletin.issue']] : role === 'admin' ? [[]] : [],
      });
    }
    const sent = await t.call('lead', 'POST', `/api/bulletins/${bulletin.body.id}/send`, {});
    expect([sent.status, sent.body.bulletin.allowedActions]).toEqual([200, []]);
    const closed = await t.call('lead', 'POST', `/api/dispatch-rounds/${round.body.id}/close`, {});
    expect([closed.status, closed.body.allowedActions]).toEqual([200, []]);
  });
});
