// The actions the policy answers for, named feature.verb. Route decorators, services and allowedActions use these
// names; the web interface reads them from the API answers.
export const ACTIONS = [
  // the task force's shared data: units, plans, tasks, indicators, rounds, bulletins, meetings, the dashboard (every
  // route without an action of its own needs it; the auditor and the security administrator have none of it)
  'workspace.read',
  'unit.manage',
  'user.read',
  'user.manage',
  // account security: unlock, end every session, reset a second factor
  'account.security',
  // the security policy in force (passwords, lockout, sessions, separation of duties)
  'security.policy.read',
  'plan.create',
  'plan.manage',
  'task.read',
  'task.create',
  'task.update',
  'task.status',
  'task.closing.request',
  'task.closing.decide',
  'extension.read',
  'extension.request',
  'extension.decide',
  'report.read',
  'report.file',
  'report.review',
  'indicator.manage',
  'round.read',
  'round.manage',
  'round.missing.read',
  'round.remind',
  'bulletin.read',
  'bulletin.drafts.read',
  'bulletin.issue',
  'supervision.issue',
  'meeting.read',
  'meeting.manage',
  'digest.preview',
  'digest.send',
  'audit.read',
  // the audit log's hash chain checked from its first row
  'audit.verify',
  'outbox.read',
  'outbox.manage',
  'schedule.read',
  'schedule.run',
  'tasks.import',
  // attachments (附件) of reports, requests, meetings and decisions: read, upload, delete (soft, with a reason)
  'attachment.read',
  'attachment.upload',
  'attachment.delete',
  // supervision notices (督办单) as records: read them, and the lead unit's reply
  'supervision.read',
  'supervision.reply',
  // unit assessment (考评): the ranking and each unit's scored events
  'assessment.read',
  // a unit's chat, webhook and SMS channels, and each user's channel preferences
  'channel.read',
  'channel.manage',
  'channel.preferences',
  // acknowledgements (签收) of what reached a unit: read by the task force, given by the unit's liaison only
  'acknowledgement.read',
  'acknowledgement.ack',
  // urging (催办) a unit on a task
  'task.urge',
  // a leader's instruction (领导批示) recorded on a task
  'instruction.create',
  // comments (留言) on a task: written by those who work on it, moderated by the office
  'comment.create',
  'comment.moderate',
] as const;

export type Action = (typeof ACTIONS)[number];
