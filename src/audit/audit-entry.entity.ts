import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One change of one field: who, when, what, from what to what. */
@Entity('audit_entry')
@Index(['entityType', 'entityId'])
/** The audit rows of a kind after an instant: a digest's changes since each recipient's cutoff. */
@Index('IDX_audit_entry_type_at', ['entityType', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: Date })
  at: Date;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  actorEmail: string | null;

  @Column({ type: 'varchar', length: 40 })
  entityType: string;

  @Column({ type: 'integer' })
  entityId: number;

  /** create, update, delete, or a domain action such as report.return or extension.approve. */
  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'varchar', length: 60, nullable: true })
  field: string | null;

  @Column({ type: 'text', nullable: true })
  oldValue: string | null;

  @Column({ type: 'text', nullable: true })
  newValue: string | null;

  /**
   * The row's place in the hash chain, given when it is sealed (audit-chain.service.ts); null until then. Sealed
   * rows cannot be changed, nor deleted before the retention time (database triggers).
   */
  @Index('UQ_audit_entry_chain_seq', { unique: true })
  @Column({ type: 'integer', nullable: true })
  chainSeq: number | null;

  /** HMAC-SHA256 of the previous row's chainHash and this row's content, hex. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  chainHash: string | null;
}
