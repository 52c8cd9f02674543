// What the API answers about plans and their work items.
import { ApiProperty } from '@nestjs/swagger';

export class PlanResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  startDate: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  endDate: string | null;

  @ApiProperty({ description: 'document, demo or user' })
  source: string;

  @ApiProperty({ type: String, nullable: true, description: 'the document the plan comes from' })
  sourceRef: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class WorkItemResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  planId: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  seq: number;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;

  @ApiProperty()
  description: string;

  @ApiProperty()
  source: string;
}

export class WorkItemWithCountResponseDto extends WorkItemResponseDto {
  @ApiProperty({ description: 'tasks of the work item' })
  taskCount: number;
}

export class PlanDetailResponseDto extends PlanResponseDto {
  @ApiProperty({ type: [WorkItemWithCountResponseDto] })
  workItems: WorkItemWithCountResponseDto[];
}
