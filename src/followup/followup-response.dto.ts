// The answers of acknowledgements, urgings and leaders' instructions, for the OpenAPI document.
import { ApiProperty } from '@nestjs/swagger';
import { ACKNOWLEDGEMENT_KINDS } from '../acknowledgements/acknowledgement.entity';
import { UnitRefResponseDto } from '../units/unit-response.dto';
import { TaskDetailResponseDto } from '../tasks/task-response.dto';
import { ACKNOWLEDGEMENT_STATES } from './followup.dto';

export class TaskRefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;
}

export class PersonRefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  displayName: string;
}

export class AcknowledgementResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ enum: ACKNOWLEDGEMENT_KINDS })
  kind: string;

  @ApiProperty({ description: "the task's, the instruction's or the supervision notice's id" })
  subjectId: number;

  @ApiProperty({ type: TaskRefResponseDto })
  task: TaskRefResponseDto;

  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty({ format: 'date-time' })
  requestedAt: string;

  @ApiProperty({ format: 'date-time', description: 'after acknowledgement.workingHours office hours' })
  dueAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acknowledgedAt: string | null;

  @ApiProperty({ type: PersonRefResponseDto, nullable: true })
  acknowledgedBy: PersonRefResponseDto | null;

  @ApiProperty({ enum: ACKNOWLEDGEMENT_STATES })
  status: string;

  @ApiProperty({ type: Boolean, nullable: true, description: 'acknowledged by the due time; null while awaited' })
  onTime: boolean | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  remindedAt: string | null;

  @ApiProperty({ type: [String], example: ['acknowledgement.ack'] })
  allowedActions: string[];
}

export class UrgingResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  taskId: number;

  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty()
  note: string;

  @ApiProperty({ type: PersonRefResponseDto, nullable: true })
  by: PersonRefResponseDto | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class UrgingCountResponseDto {
  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty()
  count: number;
}

export class TaskUrgingsResponseDto {
  @ApiProperty({ description: 'urgings on the task, all units' })
  urgingCount: number;

  @ApiProperty({ type: [UrgingCountResponseDto] })
  byUnit: UrgingCountResponseDto[];

  @ApiProperty({ type: [UrgingResponseDto], description: 'newest first' })
  items: UrgingResponseDto[];
}

export class InstructionResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  taskId: number;

  @ApiProperty()
  leaderName: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ format: 'date' })
  issuedOn: string;

  @ApiProperty({ type: PersonRefResponseDto, nullable: true })
  by: PersonRefResponseDto | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: [UnitRefResponseDto] })
  units: UnitRefResponseDto[];
}

export class InstructionWithTaskResponseDto extends InstructionResponseDto {
  @ApiProperty({ type: TaskDetailResponseDto })
  task: TaskDetailResponseDto;
}

export class CommentResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  taskId: number;

  @ApiProperty({ type: Number, nullable: true })
  reportId: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'null once deleted' })
  body: string | null;

  @ApiProperty({ type: PersonRefResponseDto, nullable: true })
  author: PersonRefResponseDto | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  editedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deletedAt: string | null;

  @ApiProperty({ type: PersonRefResponseDto, nullable: true })
  deletedBy: PersonRefResponseDto | null;

  @ApiProperty({ type: String, nullable: true })
  deleteReason: string | null;

  @ApiProperty({ type: [UnitRefResponseDto] })
  mentions: UnitRefResponseDto[];

  @ApiProperty({ type: [String], enum: ['comment.edit', 'comment.delete'] })
  allowedActions: string[];
}
