import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Indicator } from './indicator.entity';

export type ValueSource = 'report' | 'secretariat' | 'document';

/** One observed value of an indicator, with where it came from. */
@Entity('indicator_value')
@Index(['indicatorId', 'observedOn'])
export class IndicatorValue {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  indicatorId: number;

  @ManyToOne(() => Indicator, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'indicatorId' })
  indicator: Relation<Indicator>;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ type: 'date' })
  observedOn: string;

  @Column({ type: 'varchar', length: 20 })
  source: ValueSource;

  /** The progress report the value was filed with, when source is 'report'. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  reportId: number | null;

  @Column({ type: 'integer', nullable: true })
  enteredById: number | null;

  @Column({ type: 'text', default: '' })
  note: string;

  /** A value of a report that was sent back no longer counts; it stays on record. */
  @Column({ type: 'boolean', default: false })
  voided: boolean;

  @CreateDateColumn()
  createdAt: Date;
}
