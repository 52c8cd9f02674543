// Sends the outbox's chat, webhook and SMS copies for the MailSender, which claims them, retries them and records
// their outcome exactly as it does for mail: this only makes the one request a copy needs. The channel's address
// and secret are read and decrypted at the moment of sending, so a copy never carries them.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '../config/config';
import type { ChannelTransport } from '../mail/channel-hooks';
import type { DeliveryFailure } from '../mail/delivery';
import { MailSender } from '../mail/mail-sender';
import type { OutboxMessage } from '../mail/outbox-message.entity';
import { ChannelClients } from './channel-clients';
import { channelIdOf } from './channel-router';
import { ChannelsRepository } from './channels.repository';
import { heldInQuietHours, type Channel } from './channel-kinds';
import { notBeforeFor } from './quiet-hours';
import { ClockService } from '../common/clock.service';
import { WorkingDaysService } from '../calendar/working-days.service';
import { channelKey, open } from './secret-box';
import type { ShortForm } from './short-form';
import type { UnitChannel } from './unit-channel.entity';

@Injectable()
export class ChannelSender implements ChannelTransport, OnModuleInit {
  constructor(
    private readonly mail: MailSender,
    private readonly channels: ChannelsRepository,
    private readonly clients: ChannelClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: ClockService,
    private readonly workingDays: WorkingDaysService,
  ) {}

  onModuleInit(): void {
    this.mail.useChannelTransport(this);
  }

  /** A retry of a chat or SMS copy that would fall in quiet hours (or on a day off) waits for their end too. */
  retryAt(message: OutboxMessage, at: Date): Date {
    if (!heldInQuietHours(message.channel as Channel)) return at;
    const held = notBeforeFor(at, {
      quietHours: this.config.channels.quietHours,
      holdOnNonWorkingDays: this.config.channels.holdOnNonWorkingDays,
      timeZone: this.clock.timeZone,
      isWorkingDay: (d) => this.workingDays.isWorkingDay(d),
    });
    return held ?? at;
  }

  async send(message: OutboxMessage, address: string): Promise<DeliveryFailure | null> {
    const form = parseForm(message);
    if (message.channel === 'sms') return this.clients.sms(address, form, publicBaseUrl(this.config));
    const id = channelIdOf(address);
    const channel = id === null ? null : await this.channels.findById(id);
    if (!channel) return { permanent: true, reason: `the channel ${address} no longer exists` };
    if (!channel.enabled) return { permanent: true, reason: `the channel ${channel.id} is turned off` };
    return this.sendTo(channel, form, message.kind, message.recipientKey);
  }

  /** One message to a channel of a unit now (also the test send of the API). */
  async sendTo(
    channel: UnitChannel,
    form: ShortForm,
    kind: string,
    recipient: string,
  ): Promise<DeliveryFailure | null> {
    let address: string;
    let secret: string | null;
    try {
      const key = this.key();
      if (!key) return { permanent: false, reason: 'CHANNEL_SECRET_KEY is not set: the channel cannot be read' };
      address = open(key, channel.address);
      secret = channel.secret ? open(key, channel.secret) : null;
    } catch {
      return { permanent: true, reason: 'the channel address cannot be decrypted with CHANNEL_SECRET_KEY' };
    }
    switch (channel.channel) {
      case 'wecom':
        return this.clients.wecom(address, form, channel.mobiles);
      case 'dingtalk':
        return this.clients.dingtalk(address, secret, form, channel.mobiles);
      case 'webhook':
        return this.clients.webhook(address, secret, {
          kind,
          subject: form.title,
          text: form.text,
          url: form.url,
          recipient,
        });
      case 'sms': {
        const failures = [];
        for (const mobile of channel.mobiles) {
          const f = await this.clients.sms(mobile, form, publicBaseUrl(this.config));
          if (f) failures.push(f);
        }
        return failures[0] ?? null;
      }
    }
  }

  private key(): Buffer | null {
    return this.config.channels.secretKey ? channelKey(this.config.channels.secretKey) : null;
  }
}

/** The short form a copy keeps in its text; a copy written without one says its subject. */
function parseForm(message: OutboxMessage): ShortForm {
  try {
    const form = JSON.parse(message.text) as ShortForm;
    if (form && typeof form.title === 'string') return form;
  } catch {
    // written by hand or by an older version: the subject alone
  }
  return {
    title: message.subject,
    text: '',
    url: '',
    locale: /[\u4e00-\u9fff]/.test(message.subject) ? 'zh-CN' : 'en',
  };
}
