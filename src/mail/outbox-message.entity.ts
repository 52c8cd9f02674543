import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OutboxDelivery } from './delivery';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'dead';

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  /** The content, base64-encoded. */
  content: string;
}

/**
 * A message to deliver. It is written in the same transaction as the run that produced it; the idempotency key
 * (kind, period, recipient) makes a second write of the same message a no-op, so nothing is sent twice.
 */
@Entity('outbox_message')
@Index(['status', 'nextAttemptAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 300, unique: true })
  idempotencyKey: string;

  /** digest, dispatch.request, dispatch.reminder, bulletin, escalation, meeting.invitation … */
  @Index()
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'integer', nullable: true })
  jobRunId: number | null;

  /** The unit or user the message is for, e.g. unit:12 or user:3 — who it is addressed to, beyond the addresses. */
  @Index()
  @Column({ type: 'varchar', length: 60 })
  recipientKey: string;

  @Column({ type: 'simple-json' })
  to: string[];

  @Column({ type: 'simple-json' })
  cc: string[];

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ type: 'text' })
  html: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'simple-json' })
  attachments: OutboxAttachment[];

  /** pending: an address waits for an attempt; sent: every address has it; dead: none waits, one was given up on. */
  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: Date })
  nextAttemptAt: Date;

  /**
   * While a sender holds the message; a sender that died leaves it to be taken again after this. The sender
   * pushes it on while its send is under way.
   */
  @Column({ type: Date, nullable: true })
  lockedUntil: Date | null;

  /** The claim holding the message while it is being sent: its outcome is recorded only under this token. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  /** Where each address stands (sent, waiting for another attempt, given up on), in the order of to and cc. */
  @Column({ type: 'simple-json', default: '[]' })
  deliveries: OutboxDelivery[];

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  messageId: string | null;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  @Column({ type: Date })
  queuedAt: Date;

  @CreateDateColumn()
  createdAt: Date;

  /** email, or the chat, webhook or SMS copy of a message: each copy is a row of its own. */
  @Index('IDX_outbox_message_channel')
  @Column({ type: 'varchar', length: 10, default: 'email' })
  channel: string;

  /** Not sent before this instant (a chat or SMS copy held through quiet hours); null: as soon as it is due. */
  @Column({ type: Date, nullable: true })
  notBefore: Date | null;
}
