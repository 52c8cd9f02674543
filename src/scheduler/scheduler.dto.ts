import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { SingleLine } from '../common/validation';

export class JobRunQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'digest', description: 'only the runs of this job' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @SingleLine()
  job?: string;
}
