import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The head of the audit log's hash chain (one row, id 1): the last sealed row's place and hash, and where the
 * chain starts after old rows were purged (the purged part's last place and hash, which the first kept row links to).
 */
@Entity('audit_chain')
export class AuditChain {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', default: 0 })
  headSeq: number;

  @Column({ type: 'varchar', length: 64, default: '' })
  headHash: string;

  @Column({ type: 'integer', default: 0 })
  purgedThroughSeq: number;

  @Column({ type: 'varchar', length: 64, default: '' })
  purgedHash: string;

  @Column({ type: Date, nullable: true })
  sealedAt: Date | null;
}
