// What GET /api/my-work answers: per part of the person's work, a count and the first items.
import { ApiProperty } from '@nestjs/swagger';
import { MY_WORK_KINDS } from './my-work.service';

export class MyWorkUnitResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;
}

export class MyWorkItemResponseDto {
  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'W2-2' })
  code: string | null;

  @ApiProperty({ type: Number, nullable: true })
  taskId: number | null;

  @ApiProperty({ type: MyWorkUnitResponseDto, nullable: true })
  unit: MyWorkUnitResponseDto | null;

  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'when it was asked, or when it is due' })
  date: string | null;

  @ApiProperty({ description: 'the page of the web interface where it is done', example: '/tasks/12' })
  href: string;
}

export class MyWorkSectionResponseDto {
  @ApiProperty({
    enum: MY_WORK_KINDS,
    description:
      'closing: tasks put forward for closing; extensions: extension requests to decide; reviews: reports to ' +
      "review; rounds: open dispatch rounds with reports missing; toReport: the unit's tasks an open round asks a " +
      'report for',
  })
  kind: string;

  @ApiProperty({ description: 'how many there are in all' })
  count: number;

  @ApiProperty({ type: [MyWorkItemResponseDto], description: 'the first 10' })
  items: MyWorkItemResponseDto[];

  @ApiProperty({ description: 'the page listing all of them', example: '/reviews' })
  href: string;
}

export class MyWorkResponseDto {
  @ApiProperty({ format: 'date' })
  asOf: string;

  @ApiProperty({ description: 'the sum of the counts' })
  total: number;

  @ApiProperty({ type: [MyWorkSectionResponseDto], description: "only the parts the person's role has" })
  sections: MyWorkSectionResponseDto[];
}
