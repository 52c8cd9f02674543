// What the attachment routes take: the owner of an upload or a list (query), and the reason of a removal.
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsPositive, IsString, MaxLength, MinLength } from 'class-validator';
import { NotBlank, QueryInt, SingleLine } from '../common/validation';
import { OWNER_TYPES } from './attachment.entity';

export class AttachmentOwnerQueryDto {
  @ApiProperty({ enum: OWNER_TYPES, description: 'what the attachments belong to' })
  @IsString()
  @IsIn(OWNER_TYPES)
  ownerType: string;

  @ApiProperty({ description: 'the id of the report, request, meeting or decision' })
  @QueryInt()
  @IsInt()
  @IsPositive()
  ownerId: number;
}

export class DeleteAttachmentDto {
  @ApiProperty({ description: 'why the attachment is removed (kept in the audit log)', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NotBlank()
  @SingleLine()
  reason: string;
}
