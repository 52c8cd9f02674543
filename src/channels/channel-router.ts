// Which copies of a message go beside the email when it is enqueued for a unit (`unit:<id>`): one per enabled
// channel of the unit (SMS: one per mobile), less the channels every liaison of the unit turned off for the kind;
// a liaison who turned email off for the kind is left out of the email's addresses. Chat and SMS copies written in
// quiet hours or on a day off wait (notBefore). Each copy's key is `<key>|<channel>:<recipient>`.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ClockService } from '../common/clock.service';
import { WorkingDaysService } from '../calendar/working-days.service';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '../config/config';
import type { ChannelRouter as Router, RoutedMessage } from '../mail/channel-hooks';
import type { NewOutboxMessage } from '../mail/mail.repository';
import { OutboxService } from '../mail/outbox.service';
import { UnitsRepository } from '../units/units.repository';
import { UsersRepository } from '../users/users.repository';
import { heldInQuietHours, MESSAGE_KINDS, type Channel } from './channel-kinds';
import { ChannelsRepository } from './channels.repository';
import { notBeforeFor } from './quiet-hours';
import { shortForm, type Locale } from './short-form';
import type { UnitChannel } from './unit-channel.entity';

/** The page a kind's short form links to when the feature names none. */
const DEFAULT_PATH: Record<string, string> = {
  digest: '/my-unit',
  'dispatch.request': '/my-unit',
  'dispatch.reminder': '/my-unit',
  escalation: '/my-unit',
  urging: '/my-unit',
  supervision_notice: '/my-unit',
  'meeting.invitation': '/meetings',
  instruction: '/my-unit',
};

/** The recipient part of a copy's key and its one address: the channel's row, or the mobile for SMS. */
export function channelAddress(channel: UnitChannel): string {
  return `unit_channel:${channel.id}`;
}

export function channelIdOf(address: string): number | null {
  const m = /^unit_channel:(\d+)$/.exec(address);
  return m ? Number(m[1]) : null;
}

@Injectable()
export class ChannelRouterService implements Router, OnModuleInit {
  constructor(
    private readonly outbox: OutboxService,
    private readonly channels: ChannelsRepository,
    private readonly units: UnitsRepository,
    private readonly users: UsersRepository,
    private readonly clock: ClockService,
    private readonly workingDays: WorkingDaysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.outbox.useRouter(this);
  }

  async route(
    message: RoutedMessage,
    email: NewOutboxMessage,
  ): Promise<{ email: NewOutboxMessage; copies: NewOutboxMessage[] }> {
    const unitId = /^unit:(\d+)$/.exec(message.recipientKey)?.[1];
    if (!unitId || !(MESSAGE_KINDS as readonly string[]).includes(message.kind)) return { email, copies: [] };
    const unit = await this.units.findById(Number(unitId));
    if (!unit) return { email, copies: [] };
    const liaisons = await this.users.activeLiaisonsOf([unit.id]);
    const prefs = await this.channels.preferencesOf(liaisons.map((l) => l.id));
    const off = (userId: number, channel: Channel) =>
      prefs.some((p) => p.userId === userId && p.kind === message.kind && p.channel === channel && !p.enabled);
    // a channel of the unit is left out only when every liaison turned it off: one liaison speaks for none
    const everyoneOff = (channel: Channel) => liaisons.length > 0 && liaisons.every((l) => off(l.id, channel));
    const emailOff = new Set(liaisons.filter((l) => off(l.id, 'email')).map((l) => l.email.toLowerCase()));
    const locale: Locale = unit.locale === 'en' ? 'en' : 'zh-CN';
    const base = publicBaseUrl(this.config);
    const url = `${base}${message.short?.path ?? DEFAULT_PATH[message.kind] ?? '/'}`;
    const form = shortForm(message.subject, message.short?.text, url, locale);
    const now = this.clock.now();
    const held = notBeforeFor(now, {
      quietHours: this.config.channels.quietHours,
      holdOnNonWorkingDays: this.config.channels.holdOnNonWorkingDays,
      timeZone: this.clock.timeZone,
      isWorkingDay: (d) => this.workingDays.isWorkingDay(d),
    });
    const copies: NewOutboxMessage[] = [];
    for (const channel of await this.channels.enabledOfUnit(unit.id)) {
      if (everyoneOff(channel.channel)) continue;
      const addresses = channel.channel === 'sms' ? channel.mobiles : [channelAddress(channel)];
      for (const address of addresses) {
        const recipient = channel.channel === 'sms' ? address : String(channel.id);
        copies.push({
          idempotencyKey: `${message.key}|${channel.channel}:${recipient}`.slice(0, 300),
          kind: message.kind,
          jobRunId: email.jobRunId,
          recipientKey: message.recipientKey,
          to: [address],
          cc: [],
          subject: message.subject,
          html: '',
          text: JSON.stringify(form),
          attachments: [],
          channel: channel.channel,
          notBefore: heldInQuietHours(channel.channel) ? held : null,
        });
      }
    }
    return { email: withoutOptedOut(email, emailOff), copies };
  }
}

/**
 * The email without the addresses of liaisons who turned email off for the kind; a message left with no address at
 * all goes as it was (the unit must be reached somewhere).
 */
function withoutOptedOut(email: NewOutboxMessage, off: Set<string>): NewOutboxMessage {
  if (!off.size) return email;
  const keep = (list: string[]) => list.filter((a) => !off.has(a.toLowerCase()));
  let to = keep(email.to);
  let cc = keep(email.cc);
  if (!to.length) [to, cc] = [cc, []];
  if (!to.length) return email;
  return { ...email, to, cc };
}
