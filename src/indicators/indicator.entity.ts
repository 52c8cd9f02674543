import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type Direction = 'increase' | 'decrease';

/** An indicator (指标) of the plan: a measured quantity with a baseline and a target by a date. */
@Entity('indicator')
@Index(['planId', 'code'], { unique: true })
export class Indicator {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  planId: number;

  @Column({ type: 'integer', nullable: true })
  workItemId: number | null;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  /** Unit of measure, e.g. 座, 户, %. */
  @Column({ type: 'varchar', length: 40 })
  measure: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  measureEn: string | null;

  @Column({ type: 'double precision', default: 0 })
  baseline: number;

  @Column({ type: 'date' })
  baselineDate: string;

  @Column({ type: 'double precision' })
  target: number;

  @Column({ type: 'date' })
  targetDate: string;

  @Column({ type: 'varchar', length: 10, default: 'increase' })
  direction: Direction;

  /** Headline indicators lead the dashboard and bulletins. */
  @Column({ type: 'boolean', default: false })
  headline: boolean;

  @Column({ type: 'varchar', length: 20, default: 'user' })
  source: string;

  @Column({ type: 'text', nullable: true })
  sourceQuote: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
