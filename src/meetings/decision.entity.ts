import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A decision (议定事项) of a meeting; it can become a follow-up task, reviewed at the next meeting. */
@Entity('decision')
export class Decision {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'integer' })
  meetingId: number;

  @Column({ type: 'integer', nullable: true })
  agendaItemId: number | null;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'integer', nullable: true })
  leadUnitId: number | null;

  @Column({ type: 'simple-json' })
  supportingUnitIds: number[];

  @Column({ type: 'date', nullable: true })
  deadline: string | null;

  /** The follow-up task the decision became. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  taskId: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
