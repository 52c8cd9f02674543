// The names channels and message kinds go by: the channels a message can take beside email, and the kinds a
// user can choose channels for. Shared by the entities, the router, the DTOs and the web page.
export const CHANNELS = ['email', 'wecom', 'dingtalk', 'webhook', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The channels a unit configures (email goes to the unit's mailbox and liaisons as before). */
export const UNIT_CHANNELS = ['wecom', 'dingtalk', 'webhook', 'sms'] as const;
export type UnitChannelKind = (typeof UNIT_CHANNELS)[number];

export const MESSAGE_KINDS = [
  'digest',
  'dispatch.request',
  'dispatch.reminder',
  'escalation',
  'urging',
  'supervision_notice',
  'meeting.invitation',
  'instruction',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Chat and SMS wait for the end of quiet hours; email and machine webhooks are not held. */
export function heldInQuietHours(channel: Channel): boolean {
  return channel === 'wecom' || channel === 'dingtalk' || channel === 'sms';
}
