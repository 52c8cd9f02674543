// What the API answers about member units.
import { ApiProperty } from '@nestjs/swagger';
import { UNIT_KINDS, type UnitKind } from './unit.entity';

export class UnitResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ example: 'yd' })
  code: string;

  @ApiProperty({ example: '天水移动' })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;

  @ApiProperty({ enum: UNIT_KINDS })
  kind: UnitKind;

  @ApiProperty({ type: String, nullable: true, description: "the unit's functional mailbox" })
  mailbox: string | null;

  @ApiProperty({ type: String, nullable: true })
  supervisingLeaderName: string | null;

  @ApiProperty({ type: String, nullable: true })
  supervisingLeaderEmail: string | null;

  @ApiProperty({ enum: ['zh-CN', 'en'] })
  locale: string;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'when its digest goes out; null for the default' })
  digestCron: string | null;

  @ApiProperty()
  digestEnabled: boolean;

  @ApiProperty({ example: 'document', description: 'where the unit came from: document, demo or user' })
  source: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

/** A unit named inside another answer. */
export class UnitRefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;
}

/** A unit named inside another answer, with the language of its mail. */
export class UnitBriefResponseDto extends UnitRefResponseDto {
  @ApiProperty({ enum: ['zh-CN', 'en'] })
  locale: string;
}
