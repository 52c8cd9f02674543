// A document number given out (发文字号, 第N期): one per kind, year and subject, so the same document keeps its number
// and a year's numbers of a kind run 1, 2, 3… without gaps or collisions.
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('document_number')
@Index(['kind', 'year', 'number'], { unique: true })
@Index(['kind', 'subject'], { unique: true })
export class DocumentNumber {
  @PrimaryGeneratedColumn()
  id: number;

  /** notice, letter, supervision, minutes. */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  /** The year counted in; 0 for a pattern without {year} (numbered across years). */
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  number: number;

  /** What was numbered, e.g. meeting:3 or task:12:2023-09-20. */
  @Column({ type: 'varchar', length: 100 })
  subject: string;

  /** The day the number was given, YYYY-MM-DD in the task force's zone. */
  @Column({ type: 'date' })
  issuedOn: string;

  @CreateDateColumn()
  createdAt: Date;
}
