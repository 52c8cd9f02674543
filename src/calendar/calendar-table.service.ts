// Keeps the calendar_day table equal to the working-day calendar: checked after the migrations run, rewritten in
// one transaction when the package's data or the extra-years file has changed (or on a new database).
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterMigrations } from '../database/migration-hooks';
import { CalendarRepository } from './calendar.repository';
import { CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY } from './calendar-sql';
import { WorkingDaysService } from './working-days.service';

const SPAN_DAYS = Math.round((Date.parse(CALENDAR_LAST_DAY) - Date.parse(CALENDAR_FIRST_DAY)) / 86_400_000) + 1;

@Injectable()
export class CalendarTableService {
  private readonly logger = new Logger('Calendar');

  constructor(
    private readonly dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly calendar: WorkingDaysService,
    private readonly days: CalendarRepository,
  ) {
    // Registered on construction: start-up migrates before the application's init hooks run.
    afterMigrations(this.dataSource, () => this.sync().then(() => undefined));
  }

  /** Rewrites the table when it differs from the calendar; true when it did. */
  async sync(): Promise<boolean> {
    const expected = this.calendar.exceptions();
    const state = await this.days.state();
    const current =
      state.days === SPAN_DAYS &&
      state.first === CALENDAR_FIRST_DAY &&
      state.last === CALENDAR_LAST_DAY &&
      state.exceptions.length === expected.length &&
      state.exceptions.every((e, i) => e.date === expected[i].date && e.working === expected[i].working);
    if (current) return false;
    await this.txHost.withTransaction(() => this.days.rewrite(expected));
    this.logger.log(`calendar table written: ${SPAN_DAYS} days, ${expected.length} holidays and adjusted working days`);
    return true;
  }
}
