import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IfPresent } from '../common/validation';
import { UNIT_KINDS, type UnitKind } from './unit.entity';

export class CreateUnitDto {
  @ApiProperty({ example: 'yd', description: 'short code: lowercase letters, digits, hyphens' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'code must be 1-40 lowercase letters, digits or hyphens' })
  code: string;

  @ApiProperty({ example: '天水移动' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'China Mobile Tianshui' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameEn?: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IfPresent()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ description: 'functional mailbox' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  mailbox?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  supervisingLeaderName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  supervisingLeaderEmail?: string;

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'] })
  @IfPresent()
  @IsIn(['zh-CN', 'en'])
  locale?: string;
}

export class UpdateUnitDto extends PartialType(CreateUnitDto, { skipNullProperties: false }) {
  @ApiPropertyOptional()
  @IfPresent()
  @IsBoolean()
  active?: boolean;
}
