import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { CronTime } from 'cron';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { IfPresent, RequiredLine, SingleLine } from '../common/validation';
import { UNIT_KINDS, type UnitKind } from './unit.entity';

/** A cron expression (5 fields, or 6 with seconds) that the scheduler's cron library accepts. */
function IsCronExpression(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCronExpression',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a cron expression such as "0 9 * * 1-5" (minute hour day month weekday)`,
        ...options,
      },
      validator: {
        validate: (v: unknown) => {
          if (typeof v !== 'string') return false;
          try {
            new CronTime(v);
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}

export class CreateUnitDto {
  @ApiProperty({ example: 'yd', description: 'short code: lowercase letters, digits, hyphens' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'code must be 1-40 lowercase letters, digits or hyphens' })
  code: string;

  @ApiProperty({ example: '天水移动' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @RequiredLine()
  name: string;

  @ApiPropertyOptional({ nullable: true, example: 'China Mobile Tianshui' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @SingleLine()
  nameEn?: string | null;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IfPresent()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ nullable: true, description: 'functional mailbox' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  mailbox?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  supervisingLeaderName?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  supervisingLeaderEmail?: string | null;

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'] })
  @IfPresent()
  @IsIn(['zh-CN', 'en'])
  locale?: string;

  @ApiPropertyOptional({
    nullable: true,
    example: '0 9 * * *',
    description: "when the unit's digest goes out (cron, in the task force's time zone); null for the default",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsCronExpression()
  @SingleLine()
  digestCron?: string | null;

  @ApiPropertyOptional({ description: 'whether the unit gets its digest' })
  @IfPresent()
  @IsBoolean()
  digestEnabled?: boolean;
}

export class UpdateUnitDto extends PartialType(CreateUnitDto, { skipNullProperties: false }) {
  @ApiPropertyOptional()
  @IfPresent()
  @IsBoolean()
  active?: boolean;
}
