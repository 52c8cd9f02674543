// A supervision notice (督办单) as issued: to the lead unit of a task graded yellow or red, with the number it was
// given and the facts it was issued on kept in `snapshot`, so the same document is rendered however the task moves.
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SupervisionSnapshot } from './supervision-snapshot';

export type NoticeGrade = 'yellow' | 'red';
export type NoticeStatus = 'open' | 'replied';

@Entity('supervision_notice')
@Index(['taskId', 'grade', 'status'])
@Index(['unitId', 'status'])
@Index('UQ_supervision_notice_open', ['taskId', 'grade'], { unique: true, where: `"status" = 'open'` })
export class SupervisionNotice {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  taskId: number;

  /** The lead unit of the task when the notice was issued: the unit that answers it. */
  @Column({ type: 'integer' })
  unitId: number;

  @Column({ type: 'varchar', length: 10 })
  grade: NoticeGrade;

  /** The document number as issued (督办〔2023〕5号); never re-derived. */
  @Column({ type: 'varchar', length: 100 })
  number: string;

  @Column({ type: 'date' })
  issuedOn: string;

  @Column({ type: 'date' })
  replyDueOn: string;

  @Column({ type: 'integer', nullable: true })
  issuedById: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  /** What the document is rendered from: the task as it stood, the plan, the issuing organ in both languages. */
  @Column({ type: 'simple-json' })
  snapshot: SupervisionSnapshot;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: NoticeStatus;

  @Column({ type: Date, nullable: true })
  repliedAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;
}
