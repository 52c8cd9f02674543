// What the API answers about attachments (see AttachmentView in attachments.service.ts).
import type { Action } from '../access';
import { ApiProperty } from '@nestjs/swagger';
import { ALLOWED_ACTIONS } from '../common/responses';
import { UserRefResponseDto } from '../users/user-response.dto';

export class AttachmentResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ example: 'report', description: 'report, closing_request, extension_request, meeting, decision…' })
  ownerType: string;

  @ApiProperty()
  ownerId: number;

  @ApiProperty({ type: Number, nullable: true, description: "the owner's task" })
  taskId: number | null;

  @ApiProperty({ type: Number, nullable: true, description: "the owner's meeting" })
  meetingId: number | null;

  @ApiProperty({ example: '基站建设进展.docx' })
  filename: string;

  @ApiProperty({ example: 'application/pdf', description: 'found from the content, not from the client' })
  contentType: string;

  @ApiProperty({ description: 'bytes' })
  size: number;

  @ApiProperty({ description: 'SHA-256 of the content, hex' })
  sha256: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: UserRefResponseDto, nullable: true })
  uploadedBy: UserRefResponseDto | null;

  @ApiProperty(ALLOWED_ACTIONS)
  allowedActions: Action[];
}
