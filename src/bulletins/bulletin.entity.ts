import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type BulletinStatus = 'draft' | 'sent';

/**
 * A bulletin (通报), numbered per plan (第N期): a frozen snapshot of the plan's state for a period. A draft can be
 * regenerated; once sent, it never changes.
 */
@Entity('bulletin')
@Index(['planId', 'number'], { unique: true })
export class Bulletin {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  planId: number;

  /** The issue number, 第N期. */
  @Column({ type: 'integer' })
  number: number;

  /** e.g. 2023-09 or 2023-W38 */
  @Column({ type: 'varchar', length: 10 })
  period: string;

  @Column({ type: 'date' })
  periodStart: string;

  @Column({ type: 'date' })
  periodEnd: string;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status: BulletinStatus;

  /** Every figure of the bulletin with the ids of the rows it came from. */
  @Column({ type: 'simple-json' })
  snapshot: Record<string, unknown>;

  @Column({ type: Date })
  generatedAt: Date;

  @Column({ type: 'integer', nullable: true })
  generatedById: number | null;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  sentById: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
