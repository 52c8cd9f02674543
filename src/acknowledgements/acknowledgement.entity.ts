// An acknowledgement (签收): a unit confirms it received a task, an instruction or a supervision notice, within
// its office hours; one row per thing and unit, requested once.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';

export const ACKNOWLEDGEMENT_KINDS = ['task', 'instruction', 'supervision_notice'] as const;
export type AcknowledgementKind = (typeof ACKNOWLEDGEMENT_KINDS)[number];

@Entity('acknowledgement')
@Index('UQ_acknowledgement_subject_unit', ['kind', 'subjectId', 'unitId'], { unique: true })
@Index('IDX_acknowledgement_unit_open', ['unitId', 'acknowledgedAt'])
@Index('IDX_acknowledgement_due', ['acknowledgedAt', 'dueAt'])
export class Acknowledgement {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 20 })
  kind: AcknowledgementKind;

  /** The task's id for kind 'task', else the instruction's or the notice's. */
  @Column({ type: 'integer' })
  subjectId: number;

  @Index('IDX_acknowledgement_task')
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

  @Column({ type: Date })
  requestedAt: Date;

  @Column({ type: Date })
  dueAt: Date;

  @Column({ type: Date, nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  acknowledgedById: number | null;

  /** When the unit was reminded of an overdue item; a reminder goes once. */
  @Column({ type: Date, nullable: true })
  remindedAt: Date | null;
}
