// A comment (留言) on a task, or on one of its progress reports, and the units it mentions (提及), whose liaisons
// read it in their next digest. Deleted comments stay, with who deleted them and why.
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Task } from '../tasks/task.entity';

@Entity('comment')
export class Comment {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_comment_task')
  @Column({ type: 'integer' })
  taskId: number;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taskId' })
  task: Relation<Task>;

  @Column({ type: 'integer', nullable: true })
  reportId: number | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'integer', nullable: true })
  authorId: number | null;

  @Index('IDX_comment_created')
  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  editedAt: Date | null;

  @Column({ type: Date, nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  deletedById: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  deleteReason: string | null;

  @OneToMany(() => CommentMention, (m) => m.comment, { cascade: ['insert'] })
  mentions: CommentMention[];
}

@Entity('comment_mention')
@Index('IDX_comment_mention_unit', ['unitId', 'commentId'])
export class CommentMention {
  @PrimaryColumn({ type: 'integer' })
  commentId: number;

  @PrimaryColumn({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Comment, (c) => c.mentions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commentId' })
  comment: Relation<Comment>;
}
