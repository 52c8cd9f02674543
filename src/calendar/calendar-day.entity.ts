// One row per calendar day from 1900 to 2200 (the dates the API accepts): whether it is a working day and its
// working-day ordinal, so the database itself can count working days (overdue, due soon, working days left, the
// colour grade) in filters, sorts and aggregates. Filled from the working-day calendar at start-up.
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('calendar_day')
export class CalendarDay {
  @PrimaryColumn({ type: 'date' })
  date: string;

  /** 0 = Sunday … 6 = Saturday. */
  @Column({ type: 'integer' })
  weekday: number;

  /** 1 on a working day (adjusted working days included), 0 on a weekend or statutory holiday. */
  @Column({ type: 'integer' })
  working: number;

  /** Working days from the first day of the table up to and including this one. */
  @Column({ type: 'integer' })
  ordinal: number;
}
