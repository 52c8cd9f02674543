import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Setting } from './setting.entity';

@Injectable()
export class SettingsService {
  constructor(@InjectRepository(Setting) private readonly settings: Repository<Setting>) {}

  async get(key: string): Promise<string | null> {
    return (await this.settings.findOneBy({ key }))?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    await this.settings.save({ key, value });
  }

  /** The stored value, or `create()`'s, stored first; concurrent first calls agree on one value. */
  async getOrCreate(key: string, create: () => string): Promise<string> {
    const existing = await this.get(key);
    if (existing !== null) return existing;
    await this.settings.createQueryBuilder().insert().values({ key, value: create() }).orIgnore().execute();
    return (await this.get(key)) as string;
  }
}
