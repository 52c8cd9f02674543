import { Column, CreateDateColumn, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';

export type RoundStatus = 'open' | 'closed';

/** A dispatch round (调度): progress collected from the units in scope for one period, due by a date. */
@Entity('dispatch_round')
@Index(['planId', 'period'], { unique: true })
export class DispatchRound {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  planId: number;

  /** e.g. 2023-08 */
  @Column({ type: 'varchar', length: 10 })
  period: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: RoundStatus;

  @ManyToMany(() => Unit)
  @JoinTable({
    name: 'dispatch_round_unit',
    joinColumn: { name: 'roundId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'unitId', referencedColumnName: 'id' },
  })
  units: Unit[];

  @ManyToMany(() => Task)
  @JoinTable({
    name: 'dispatch_round_task',
    joinColumn: { name: 'roundId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'taskId', referencedColumnName: 'id' },
  })
  tasks: Task[];

  @Column({ type: 'integer', nullable: true })
  openedById: number | null;

  @Column({ type: Date })
  openedAt: Date;

  @Column({ type: Date, nullable: true })
  closedAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;
}
