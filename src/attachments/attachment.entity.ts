// The attachments (附件) of reports, requests, meetings and decisions, and the stored contents they point to. The
// bytes live once per content hash in attachment_blob; each upload is an attachment row naming its owner.
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The owners an attachment can belong to; others (supervision replies) are registered by their features. */
export const BUILT_IN_OWNER_TYPES = ['report', 'closing_request', 'extension_request', 'meeting', 'decision'] as const;
export const OWNER_TYPES = [...BUILT_IN_OWNER_TYPES, 'supervision_reply'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

/** One stored content, by its SHA-256: the same bytes uploaded twice are kept once. */
@Entity('attachment_blob')
export class AttachmentBlob {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'integer' })
  size: number;

  // The content itself is a column of its own type per dialect (BLOB on SQLite, bytea on PostgreSQL), written and
  // read only by DatabaseAttachmentStore, never loaded with the row.

  @Column({ type: Date })
  createdAt: Date;
}

/** An uploaded file: its owner, its name and type as accepted, who uploaded it, and its removal if removed. */
@Entity('attachment')
@Index('IDX_attachment_owner', ['ownerType', 'ownerId'])
export class Attachment {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_attachment_blob')
  @Column({ type: 'varchar', length: 64 })
  blobSha256: string;

  @Column({ type: 'varchar', length: 40 })
  ownerType: string;

  @Column({ type: 'integer' })
  ownerId: number;

  /** The task the owner is about (a report's, a request's), for the task's list of attachments. */
  @Index('IDX_attachment_task')
  @Column({ type: 'integer', nullable: true })
  taskId: number | null;

  @Index('IDX_attachment_meeting')
  @Column({ type: 'integer', nullable: true })
  meetingId: number | null;

  @Column({ type: 'varchar', length: 200 })
  filename: string;

  @Column({ type: 'varchar', length: 120 })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'integer', nullable: true })
  uploadedById: number | null;

  /** The unit that acts on the owner (a report's unit, a request's lead unit); null for meetings and decisions. */
  @Column({ type: 'integer', nullable: true })
  unitId: number | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  deletedById: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  deleteReason: string | null;
}
