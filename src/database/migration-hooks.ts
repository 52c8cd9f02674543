// Work that must follow the migrations wherever they run (service start-up and every command): infrastructure
// registers it here, so the database layer runs it without knowing what it is. The planner's statistics are
// refreshed last.
import type { DataSource } from 'typeorm';
import { refreshStatistics } from './statistics';

const hooks = new WeakMap<DataSource, (() => Promise<void>)[]>();

export function afterMigrations(dataSource: DataSource, hook: () => Promise<void>): void {
  hooks.set(dataSource, [...(hooks.get(dataSource) ?? []), hook]);
}

export async function runAfterMigrations(dataSource: DataSource): Promise<void> {
  for (const hook of hooks.get(dataSource) ?? []) await hook();
  await refreshStatistics(dataSource);
}
