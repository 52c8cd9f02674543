// A unit's channels (add, change, turn on or off, remove, send a test now) and each user's preferences by kind and
// channel. Who may do what is the policy's (channel.read, channel.manage on the unit, channel.preferences);
// addresses and secrets are encrypted before they are stored and masked in every answer.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { assertCan, can, unitsObject, type Action } from '../access';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '../config/config';
import { UnitsRepository } from '../units/units.repository';
import { CHANNELS, MESSAGE_KINDS, type UnitChannelKind } from './channel-kinds';
import type { ChannelPreferencesDto, CreateChannelDto, UpdateChannelDto } from './channel.dto';
import { ChannelSender } from './channel-sender';
import { ChannelsRepository } from './channels.repository';
import { channelKey, maskAddress, maskMobile, open, seal } from './secret-box';
import { shortForm } from './short-form';
import type { UnitChannel } from './unit-channel.entity';

export interface ChannelView {
  id: number;
  unitId: number;
  channel: string;
  label: string;
  address: string;
  hasSecret: boolean;
  mobiles: string[];
  enabled: boolean;
  createdAt: Date;
  allowedActions: Action[];
}

export interface ChannelTestResult {
  ok: boolean;
  permanent: boolean;
  reason: string | null;
}

const TEST_TEXT = {
  'zh-CN': { subject: '专班工作系统测试消息', text: '收到此消息，说明本渠道已接通。' },
  en: { subject: "Test message from the task force's work system", text: 'This channel works.' },
};

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** Whether the address fits the channel: a robot's webhook URL (or its bare key or token), or a web address. */
export function validAddress(channel: UnitChannelKind, address: string): boolean {
  const url = httpUrl(address);
  switch (channel) {
    case 'wecom':
      return url ? /^[\w-]{8,200}$/.test(url.searchParams.get('key') ?? '') : /^[\w-]{8,200}$/.test(address);
    case 'dingtalk':
      return url ? /^\w{16,200}$/.test(url.searchParams.get('access_token') ?? '') : /^\w{16,200}$/.test(address);
    case 'webhook':
      return url !== null;
    case 'sms':
      return address === '';
  }
}

@Injectable()
export class ChannelsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly channels: ChannelsRepository,
    private readonly units: UnitsRepository,
    private readonly sender: ChannelSender,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(actor: Actor, unitId: number): Promise<ChannelView[]> {
    await this.unit(unitId);
    assertCan(actor, 'channel.read', unitsObject([unitId]));
    return (await this.channels.ofUnit(unitId)).map((c) => this.view(actor, c));
  }

  async create(actor: Actor, unitId: number, dto: CreateChannelDto): Promise<ChannelView> {
    await this.unit(unitId);
    assertCan(actor, 'channel.manage', unitsObject([unitId]));
    const key = this.key();
    const address = (dto.address ?? '').trim();
    const mobiles = [...new Set(dto.mobiles ?? [])];
    this.check(dto.channel, address, mobiles, true);
    const created = await this.txHost.withTransaction(async () => {
      const row = await this.channels.insert({
        unitId,
        channel: dto.channel,
        label: dto.label.trim(),
        address: seal(key, address),
        secret: dto.secret ? seal(key, dto.secret) : null,
        mobiles,
        enabled: dto.enabled ?? true,
      });
      await this.audit.record(actor, 'unit_channel', row.id, 'create', [
        { field: 'unitId', from: null, to: unitId },
        { field: 'channel', from: null, to: row.channel },
        { field: 'label', from: null, to: row.label },
        { field: 'enabled', from: null, to: row.enabled },
      ]);
      return row;
    });
    return this.view(actor, created);
  }

  async update(actor: Actor, unitId: number, id: number, dto: UpdateChannelDto): Promise<ChannelView> {
    const channel = await this.find(actor, unitId, id, 'channel.manage');
    const changesSecret = dto.address !== undefined || dto.secret !== undefined;
    const key = changesSecret ? this.key() : null;
    const address = dto.address?.trim();
    const mobiles = dto.mobiles ? [...new Set(dto.mobiles)] : channel.mobiles;
    if (address !== undefined || dto.mobiles) this.check(channel.channel, address ?? null, mobiles, false);
    const saved = await this.txHost.withTransaction(async () => {
      const before = { label: channel.label, enabled: channel.enabled, mobiles: channel.mobiles.length };
      if (dto.label !== undefined) channel.label = dto.label.trim();
      if (dto.enabled !== undefined) channel.enabled = dto.enabled;
      channel.mobiles = mobiles;
      if (key && address !== undefined) channel.address = seal(key, address);
      if (key && dto.secret !== undefined) channel.secret = seal(key, dto.secret);
      const row = await this.channels.save(channel);
      await this.audit.record(actor, 'unit_channel', row.id, 'update', [
        ...(before.label !== row.label ? [{ field: 'label', from: before.label, to: row.label }] : []),
        ...(before.enabled !== row.enabled ? [{ field: 'enabled', from: before.enabled, to: row.enabled }] : []),
        ...(before.mobiles !== row.mobiles.length
          ? [{ field: 'mobiles', from: before.mobiles, to: row.mobiles.length }]
          : []),
        ...(address !== undefined ? [{ field: 'address', from: '****', to: '****' }] : []),
        ...(dto.secret !== undefined ? [{ field: 'secret', from: '****', to: '****' }] : []),
      ]);
      return row;
    });
    return this.view(actor, saved);
  }

  async remove(actor: Actor, unitId: number, id: number): Promise<void> {
    const channel = await this.find(actor, unitId, id, 'channel.manage');
    await this.txHost.withTransaction(async () => {
      await this.channels.remove(channel.id);
      await this.audit.record(actor, 'unit_channel', channel.id, 'delete', [
        { field: 'channel', from: channel.channel, to: null },
        { field: 'label', from: channel.label, to: null },
      ]);
    });
  }

  /** Sends a test message to the channel now, outside the outbox, and answers what its server said. */
  async test(actor: Actor, unitId: number, id: number): Promise<ChannelTestResult> {
    const channel = await this.find(actor, unitId, id, 'channel.manage');
    this.key();
    const unit = await this.unit(unitId);
    const locale = unit.locale === 'en' ? 'en' : 'zh-CN';
    const words = TEST_TEXT[locale];
    const form = shortForm(words.subject, words.text, `${publicBaseUrl(this.config)}/channels`, locale);
    const failure = await this.sender.sendTo(channel, form, 'test', `unit:${unitId}`);
    return { ok: failure === null, permanent: failure?.permanent ?? false, reason: failure?.reason ?? null };
  }

  /** Every kind × channel for the user, on unless the user turned it off. */
  async preferences(actor: Actor) {
    const rows = await this.channels.preferencesOf([actor.id]);
    const off = new Set(rows.filter((r) => !r.enabled).map((r) => `${r.kind}|${r.channel}`));
    return {
      kinds: [...MESSAGE_KINDS],
      channels: [...CHANNELS],
      preferences: MESSAGE_KINDS.flatMap((kind) =>
        CHANNELS.map((channel) => ({ kind, channel, enabled: !off.has(`${kind}|${channel}`) })),
      ),
    };
  }

  async setPreferences(actor: Actor, dto: ChannelPreferencesDto) {
    const seen = new Map<string, { kind: string; channel: (typeof CHANNELS)[number]; enabled: boolean }>();
    for (const p of dto.preferences) seen.set(`${p.kind}|${p.channel}`, p);
    await this.txHost.withTransaction(async () => {
      await this.channels.replacePreferences(
        actor.id,
        [...seen.values()].filter((p) => !p.enabled),
      );
      await this.audit.record(actor, 'user_channel_preference', actor.id, 'update', [
        {
          field: 'off',
          from: null,
          to: [...seen.values()]
            .filter((p) => !p.enabled)
            .map((p) => `${p.kind}:${p.channel}`)
            .join(', '),
        },
      ]);
    });
    return this.preferences(actor);
  }

  /** A unit's channel by id; another unit's, or one the actor may not take the action on, is refused. */
  private async find(actor: Actor, unitId: number, id: number, action: Action): Promise<UnitChannel> {
    await this.unit(unitId);
    assertCan(actor, action, unitsObject([unitId]));
    const channel = await this.channels.findById(id);
    if (!channel || channel.unitId !== unitId) throw new NotFoundError('Channel', id, '消息渠道');
    return channel;
  }

  private async unit(unitId: number) {
    const unit = await this.units.findById(unitId);
    if (!unit) throw new NotFoundError('Unit', unitId, '单位');
    return unit;
  }

  /** The encryption key; without it no address can be stored (409). */
  private key(): Buffer {
    const text = this.config.channels.secretKey;
    if (!text) {
      throw new ConflictError(
        'Channels cannot be stored: CHANNEL_SECRET_KEY (32 bytes, base64 or hex) is not set on the server',
        '无法保存消息渠道：服务器未设置 CHANNEL_SECRET_KEY（32 字节，base64 或十六进制），请联系系统管理员',
        'channel_secret_key_missing',
      );
    }
    return channelKey(text);
  }

  private check(channel: UnitChannelKind, address: string | null, mobiles: string[], creating: boolean): void {
    if (address !== null && (creating || address !== '') && !validAddress(channel, address)) {
      const en =
        channel === 'sms'
          ? 'SMS goes to the mobiles through the configured gateway: give no address'
          : channel === 'webhook'
            ? 'must be an http or https URL'
            : `must be the robot's webhook URL (or its ${channel === 'wecom' ? 'key' : 'access token'})`;
      const zh =
        channel === 'sms'
          ? '短信经配置的短信网关发往手机号，无需填写地址'
          : channel === 'webhook'
            ? '须为 http 或 https 地址'
            : `须为机器人的 Webhook 地址（或其 ${channel === 'wecom' ? 'key' : 'access_token'}）`;
      throw new InvalidFieldError('address', en, zh, 'invalid_address');
    }
    if (channel === 'sms' && !mobiles.length) {
      throw new InvalidFieldError('mobiles', 'SMS needs at least one mobile', '短信渠道至少需要一个手机号', 'required');
    }
  }

  private view(actor: Actor, c: UnitChannel): ChannelView {
    let address = '';
    try {
      const key = this.config.channels.secretKey ? channelKey(this.config.channels.secretKey) : null;
      address = key ? maskAddress(open(key, c.address)) : '****';
    } catch {
      address = '****';
    }
    return {
      id: c.id,
      unitId: c.unitId,
      channel: c.channel,
      label: c.label,
      address,
      hasSecret: c.secret !== null,
      mobiles: c.mobiles.map(maskMobile),
      enabled: c.enabled,
      createdAt: c.createdAt,
      allowedActions: can(actor, 'channel.manage', unitsObject([c.unitId])) ? ['channel.manage'] : [],
    };
  }
}
