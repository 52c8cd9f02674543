// How the API names a year the working-day calendar has no data for (see calendar-gaps.ts).
import { ApiProperty } from '@nestjs/swagger';

export class CalendarGapResponseDto {
  @ApiProperty({ example: 2027, description: 'a year with no statutory holidays or adjusted working days loaded' })
  year: number;

  @ApiProperty({ description: 'what it means and how to add the year (CALENDAR_EXTRA_FILE), in Chinese' })
  message: string;

  @ApiProperty({ description: 'the same in English' })
  messageEn: string;
}
