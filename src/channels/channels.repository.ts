// Every query on unit_channel and user_channel_preference: a unit's channels, one channel, and the preferences of
// a user or of a unit's liaisons.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, type DeepPartial } from 'typeorm';
import { UnitChannel } from './unit-channel.entity';
import { UserChannelPreference } from './user-channel-preference.entity';

@Injectable()
export class ChannelsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get channels() {
    return this.txHost.tx.getRepository(UnitChannel);
  }

  private get preferences() {
    return this.txHost.tx.getRepository(UserChannelPreference);
  }

  ofUnit(unitId: number): Promise<UnitChannel[]> {
    return this.channels.find({ where: { unitId }, order: { id: 'ASC' } });
  }

  enabledOfUnit(unitId: number): Promise<UnitChannel[]> {
    return this.channels.find({ where: { unitId, enabled: true }, order: { id: 'ASC' } });
  }

  findById(id: number): Promise<UnitChannel | null> {
    return this.channels.findOneBy({ id });
  }

  insert(fields: DeepPartial<UnitChannel>): Promise<UnitChannel> {
    return this.channels.save(this.channels.create(fields));
  }

  save(channel: UnitChannel): Promise<UnitChannel> {
    return this.channels.save(channel);
  }

  async remove(id: number): Promise<void> {
    await this.channels.delete({ id });
  }

  preferencesOf(userIds: number[]): Promise<UserChannelPreference[]> {
    if (!userIds.length) return Promise.resolve([]);
    return this.preferences.find({ where: { userId: In(userIds) }, order: { kind: 'ASC', channel: 'ASC' } });
  }

  /** Replaces a user's preferences with these. */
  async replacePreferences(userId: number, rows: Omit<UserChannelPreference, 'userId' | 'user'>[]): Promise<void> {
    await this.preferences.delete({ userId });
    if (rows.length) await this.preferences.insert(rows.map((r) => ({ ...r, userId })));
  }
}
