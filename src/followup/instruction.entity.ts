// A leader's instruction (领导批示) on a task, and the units it reaches (each asked to acknowledge it).
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';

@Entity('instruction')
export class Instruction {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_instruction_task')
  @Column({ type: 'integer' })
  taskId: number;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taskId' })
  task: Relation<Task>;

  @Column({ type: 'varchar', length: 100 })
  leaderName: string;

  @Column({ type: 'varchar', length: 2000 })
  text: string;

  @Column({ type: 'date' })
  issuedOn: string;

  @Column({ type: 'integer', nullable: true })
  byId: number | null;

  @Column({ type: Date })
  createdAt: Date;

  @ManyToMany(() => Unit)
  @JoinTable({
    name: 'instruction_unit',
    joinColumn: { name: 'instructionId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'unitId', referencedColumnName: 'id' },
  })
  units: Unit[];
}
