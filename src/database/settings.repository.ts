// The settings table: key–value pairs the service keeps for itself (e.g. its generated signing secret).
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Setting } from './setting.entity';

@Injectable()
export class SettingsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Setting);
  }

  async valueOf(key: string): Promise<string | null> {
    return (await this.repo.findOneBy({ key }))?.value ?? null;
  }

  async put(key: string, value: string): Promise<void> {
    await this.repo.save({ key, value });
  }

  /** Stores the value unless the key has one already; the first writer wins on both databases. */
  async putIfAbsent(key: string, value: string): Promise<void> {
    await this.repo.createQueryBuilder().insert().values({ key, value }).orIgnore().execute();
  }
}
