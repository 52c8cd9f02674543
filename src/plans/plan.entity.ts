import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { WorkItem } from './work-item.entity';

/** A work plan (工作计划) of the task force; its work items hold the tasks. */
@Entity('plan')
export class Plan {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'varchar', length: 20, default: 'user' })
  source: string;

  /** The document the plan is drawn from, when there is one. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  sourceRef: string | null;

  @OneToMany(() => WorkItem, (w) => w.plan)
  workItems: WorkItem[];

  @CreateDateColumn()
  createdAt: Date;
}
