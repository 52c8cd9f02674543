// The SQL form of a task's derived state for a day, built once per (day, alias) and shared by the repositories
// that filter, sort or count tasks by grade (tasks, dashboard, bulletins, digests).
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { WorkingDaysService } from '../calendar/working-days.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { dialectOf } from '../database/sql';
import { taskStateSql, type TaskStateSql } from './task-state.sql';

@Injectable()
export class TaskStateSqlFactory {
  private readonly cache = new Map<string, TaskStateSql>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendar: WorkingDaysService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** The expressions for the task aliased `alias` as of `today`. */
  forDay(today: string, alias = 't'): TaskStateSql {
    const key = `${today}|${alias}`;
    let found = this.cache.get(key);
    if (!found) {
      found = taskStateSql(dialectOf(this.txHost.tx), alias, today, this.config.grades, this.calendar);
      if (this.cache.size > 64) this.cache.clear();
      this.cache.set(key, found);
    }
    return found;
  }
}
