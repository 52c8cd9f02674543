// What the API answers about the outbox: messages with and without their content, counts and delivery passes.
import { ApiProperty } from '@nestjs/swagger';
import { PageResponseDto } from '../common/responses';
import { OUTBOX_STATUSES } from './outbox.service';

/** Where one address of a message stands. */
export class OutboxDeliveryResponseDto {
  @ApiProperty()
  address: string;

  @ApiProperty({ enum: ['to', 'cc'] })
  field: string;

  @ApiProperty({
    enum: ['pending', 'sent', 'dead'],
    description: 'sent: the server accepted it for this address; pending: to be tried again; dead: given up on',
  })
  status: string;

  @ApiProperty({ description: 'attempts that included this address' })
  attempts: number;

  @ApiProperty({ type: String, nullable: true, description: "the server's last refusal for this address" })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;
}

/** A message without its content. */
export class OutboxSummaryResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ description: 'the same key is never written twice' })
  idempotencyKey: string;

  @ApiProperty({ example: 'dispatch.request' })
  kind: string;

  @ApiProperty({ type: Number, nullable: true, description: 'the job run that wrote it' })
  jobRunId: number | null;

  @ApiProperty({ example: 'unit:3' })
  recipientKey: string;

  @ApiProperty({ type: [String] })
  to: string[];

  @ApiProperty({ type: [String] })
  cc: string[];

  @ApiProperty()
  subject: string;

  @ApiProperty({ enum: OUTBOX_STATUSES })
  status: string;

  @ApiProperty()
  attempts: number;

  @ApiProperty({ type: String, format: 'date-time' })
  nextAttemptAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lockedUntil: Date | null;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the Message-ID the server accepted' })
  messageId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  queuedAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({
    type: [OutboxDeliveryResponseDto],
    description: 'per address (to, then cc): a refused address is retried or given up on by itself',
  })
  deliveries: OutboxDeliveryResponseDto[];
  @ApiProperty({ enum: ['email', 'wecom', 'dingtalk', 'webhook', 'sms'], description: 'each channel is a row' })
  channel: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'held until then (quiet hours)' })
  notBefore: Date | null;
}

export class OutboxPageResponseDto extends PageResponseDto(OutboxSummaryResponseDto) {}

export class AttachmentInfoResponseDto {
  @ApiProperty()
  filename: string;

  @ApiProperty()
  contentType: string;

  @ApiProperty({ description: 'bytes' })
  size: number;
}

/** A message with its HTML and text; attachments by name and size only. */
export class OutboxMessageResponseDto extends OutboxSummaryResponseDto {
  @ApiProperty()
  html: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ type: [AttachmentInfoResponseDto] })
  attachments: AttachmentInfoResponseDto[];
}

export class OutboxCountsResponseDto {
  @ApiProperty()
  pending: number;

  @ApiProperty()
  sending: number;

  @ApiProperty()
  sent: number;

  @ApiProperty()
  dead: number;
}

export class DeliveryResponseDto {
  @ApiProperty()
  sent: number;

  @ApiProperty({ description: 'failed, to be tried again later' })
  retried: number;

  @ApiProperty({ description: 'given up on' })
  dead: number;
}
