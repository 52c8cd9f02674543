// An urging (催办): a lead or the secretariat presses a unit on a task, with a note mailed to the unit.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';

@Entity('urging')
@Index('IDX_urging_created', ['createdAt', 'unitId'])
export class Urging {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_urging_task')
  @Column({ type: 'integer' })
  taskId: number;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taskId' })
  task: Relation<Task>;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unitId' })
  unit: Relation<Unit>;

  @Column({ type: 'varchar', length: 500 })
  note: string;

  @Column({ type: 'integer', nullable: true })
  byId: number | null;

  @Column({ type: Date })
  createdAt: Date;
}
