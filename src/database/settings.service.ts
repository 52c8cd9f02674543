// Settings the service keeps for itself, read and written through SettingsRepository.
import { Injectable } from '@nestjs/common';
import { SettingsRepository } from './settings.repository';

@Injectable()
export class SettingsService {
  constructor(private readonly settings: SettingsRepository) {}

  get(key: string): Promise<string | null> {
    return this.settings.valueOf(key);
  }

  set(key: string, value: string): Promise<void> {
    return this.settings.put(key, value);
  }

  /** The stored value, or `create()`'s, stored first; concurrent first calls agree on one value. */
  async getOrCreate(key: string, create: () => string): Promise<string> {
    const existing = await this.get(key);
    if (existing !== null) return existing;
    await this.settings.putIfAbsent(key, create());
    return (await this.get(key)) as string;
  }
}
