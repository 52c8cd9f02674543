// What the API answers about supervision notices and their replies (see NoticeView in supervision.service.ts).
import { ApiProperty } from '@nestjs/swagger';
import type { Action } from '../access';
import { ALLOWED_ACTIONS } from '../common/responses';
import { UnitRefResponseDto } from '../units/unit-response.dto';
import { NOTICE_STATUSES } from './supervision.dto';

export class NoticeTaskRefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;
}

export class NoticePersonResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ type: String, nullable: true })
  displayName: string | null;
}

export class SupervisionReplyResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  noticeId: number;

  @ApiProperty()
  text: string;

  @ApiProperty({ type: NoticePersonResponseDto })
  by: NoticePersonResponseDto;

  @ApiProperty()
  unitId: number;

  @ApiProperty({ description: 'filed after the notice’s reply date' })
  late: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class SupervisionNoticeResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ type: NoticeTaskRefResponseDto, description: 'the task as it stood when the notice was issued' })
  task: NoticeTaskRefResponseDto;

  @ApiProperty({ type: UnitRefResponseDto, description: 'the lead unit the notice is addressed to' })
  unit: UnitRefResponseDto;

  @ApiProperty({ enum: ['yellow', 'red'] })
  grade: string;

  @ApiProperty({ example: '督办〔2023〕5号', description: 'the document number as issued' })
  number: string;

  @ApiProperty({ type: String, format: 'date' })
  issuedOn: string;

  @ApiProperty({ type: String, format: 'date' })
  replyDueOn: string;

  @ApiProperty({ type: NoticePersonResponseDto, nullable: true })
  issuedBy: NoticePersonResponseDto | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ enum: NOTICE_STATUSES })
  status: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  repliedAt: Date | null;

  @ApiProperty({ description: 'still open after its reply date' })
  overdue: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: [SupervisionReplyResponseDto] })
  replies: SupervisionReplyResponseDto[];

  @ApiProperty(ALLOWED_ACTIONS)
  allowedActions: Action[];
}
