import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Plan } from './plan.entity';

/** A work item (工作事项) of a plan: a heading of the plan that groups tasks. */
@Entity('work_item')
@Index(['planId', 'code'], { unique: true })
export class WorkItem {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  planId: number;

  @ManyToOne(() => Plan, (p) => p.workItems, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'planId' })
  plan: Relation<Plan>;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'varchar', length: 20, default: 'user' })
  source: string;
}
