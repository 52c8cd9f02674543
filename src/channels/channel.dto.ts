// What the channel routes accept: a unit's channel (kind, label, address, secret, mobiles, on or off) and a
// user's preferences (kind × channel on or off). The address is checked per channel by the service.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IfPresent, RequiredLine, SingleLine } from '../common/validation';
import { CHANNELS, MESSAGE_KINDS, UNIT_CHANNELS, type Channel, type UnitChannelKind } from './channel-kinds';

/** A mainland mobile number, with or without +86. */
export const MOBILE = /^(\+?86)?1[3-9]\d{9}$/;

export class CreateChannelDto {
  @ApiProperty({ enum: UNIT_CHANNELS })
  @IsIn(UNIT_CHANNELS)
  channel: UnitChannelKind;

  @ApiProperty({ example: '天水移动工作群', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @RequiredLine()
  label: string;

  @ApiPropertyOptional({
    maxLength: 2000,
    description:
      "the robot's webhook URL (WeCom …/webhook/send?key=…, DingTalk …/robot/send?access_token=…) or the webhook's " +
      'URL; not for SMS. Stored encrypted, shown masked.',
  })
  @IfPresent()
  @IsString()
  @MaxLength(2000)
  @SingleLine()
  address?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: "DingTalk's signing secret (SEC…) or the webhook's HMAC secret. Stored encrypted, never shown.",
  })
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  secret?: string;

  @ApiPropertyOptional({ type: [String], example: ['13800000000'], description: 'mentioned in chat; SMS goes to them' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(MOBILE, { each: true, message: 'mobiles must be mainland mobile numbers such as 13800000000' })
  mobiles?: string[];

  @ApiPropertyOptional({ default: true })
  @IfPresent()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateChannelDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @RequiredLine()
  label?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'a new address replaces the stored one' })
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @SingleLine()
  address?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'a new secret replaces the stored one' })
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  secret?: string;

  @ApiPropertyOptional({ type: [String] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(MOBILE, { each: true, message: 'mobiles must be mainland mobile numbers such as 13800000000' })
  mobiles?: string[];

  @ApiPropertyOptional()
  @IfPresent()
  @IsBoolean()
  enabled?: boolean;
}

export class ChannelPreferenceDto {
  @ApiProperty({ enum: MESSAGE_KINDS })
  @IsIn(MESSAGE_KINDS)
  kind: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty()
  @IsBoolean()
  enabled: boolean;
}

export class ChannelPreferencesDto {
  @ApiProperty({ type: [ChannelPreferenceDto], description: 'the whole set: what is not listed goes on every channel' })
  @IsArray()
  @ArrayMaxSize(MESSAGE_KINDS.length * CHANNELS.length)
  @ValidateNested({ each: true })
  @Type(() => ChannelPreferenceDto)
  preferences: ChannelPreferenceDto[];
}
