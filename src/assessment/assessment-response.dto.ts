// What the API answers about the assessment (see AssessmentRanking and UnitEvents in assessment.service.ts).
import { ApiProperty } from '@nestjs/swagger';
import { UnitRefResponseDto } from '../units/unit-response.dto';

export class AssessmentKindResponseDto {
  @ApiProperty({ example: 'reportOnTime' })
  kind: string;

  @ApiProperty({ example: '按期报送' })
  label: string;

  @ApiProperty({ example: 'Reports on time' })
  labelEn: string;

  @ApiProperty({ description: 'points per event (per working day for days overdue)' })
  points: number;
}

export class AssessmentKindScoreResponseDto {
  @ApiProperty()
  kind: string;

  @ApiProperty()
  events: number;

  @ApiProperty({ description: 'events, or working days for days overdue' })
  quantity: number;

  @ApiProperty()
  points: number;
}

export class AssessmentUnitScoreResponseDto {
  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty()
  score: number;

  @ApiProperty({ description: 'equal scores share a rank' })
  rank: number;

  @ApiProperty({ type: [AssessmentKindScoreResponseDto] })
  kinds: AssessmentKindScoreResponseDto[];
}

export class AssessmentResponseDto {
  @ApiProperty({ example: '2023-09' })
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  from: string;

  @ApiProperty({ type: String, format: 'date' })
  to: string;

  @ApiProperty({ type: [AssessmentKindResponseDto] })
  kinds: AssessmentKindResponseDto[];

  @ApiProperty({ type: [AssessmentUnitScoreResponseDto], description: 'in ranking order' })
  units: AssessmentUnitScoreResponseDto[];
}

export class AssessmentRefResponseDto {
  @ApiProperty({ example: 'report', description: 'the table the event was counted from' })
  type: string;

  @ApiProperty()
  id: number;
}

export class AssessmentEventResponseDto {
  @ApiProperty()
  kind: string;

  @ApiProperty()
  unitId: number;

  @ApiProperty({ type: Number, nullable: true })
  taskId: number | null;

  @ApiProperty({ type: String, format: 'date' })
  on: string;

  @ApiProperty()
  quantity: number;

  @ApiProperty()
  points: number;

  @ApiProperty({ type: AssessmentRefResponseDto })
  ref: AssessmentRefResponseDto;

  @ApiProperty()
  description: string;

  @ApiProperty()
  descriptionEn: string;
}

export class AssessmentUnitEventsResponseDto {
  @ApiProperty()
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  from: string;

  @ApiProperty({ type: String, format: 'date' })
  to: string;

  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty()
  score: number;

  @ApiProperty()
  rank: number;

  @ApiProperty({ type: [AssessmentEventResponseDto] })
  events: AssessmentEventResponseDto[];
}
