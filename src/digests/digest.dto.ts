import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsPositive, Max } from 'class-validator';
import { IfPresent, QueryInt } from '../common/validation';

/** Whose digest to preview: a unit's (unitId) or a person's (userId) — one of the two. */
export class DigestPreviewQueryDto {
  @ApiPropertyOptional({ description: 'the unit whose digest to preview' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  @Max(2_147_483_647)
  unitId?: number;

  @ApiPropertyOptional({ description: 'the user whose personal digest to preview' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  @Max(2_147_483_647)
  userId?: number;
}

/** How to send the digests now. */
export class SendDigestsDto {
  @ApiPropertyOptional({
    description:
      "queue every digest again, under fresh keys, even for units that had this slot's digest already (default false)",
  })
  @IfPresent()
  @IsBoolean()
  force?: boolean;
}
