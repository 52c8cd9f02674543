// What the channel routes answer: a channel with its address masked (never its secret), the outcome of a test
// send, and a user's preferences with the kinds and channels there are.
import { ApiProperty } from '@nestjs/swagger';
import { ACTIONS } from '../access/actions';
import { CHANNELS, MESSAGE_KINDS, UNIT_CHANNELS } from './channel-kinds';

export class ChannelResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  unitId: number;

  @ApiProperty({ enum: UNIT_CHANNELS })
  channel: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ example: 'https://qyapi.weixin.qq.com/…****abcd', description: 'masked' })
  address: string;

  @ApiProperty({ description: 'whether a secret is stored (it is never shown)' })
  hasSecret: boolean;

  @ApiProperty({ type: [String], example: ['138****0000'], description: 'masked' })
  mobiles: string[];

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ enum: ACTIONS, isArray: true, description: 'what the caller may do with it' })
  allowedActions: string[];
}

export class ChannelTestResponseDto {
  @ApiProperty({ description: 'the channel took the message' })
  ok: boolean;

  @ApiProperty({ description: 'a refusal another attempt would not change' })
  permanent: boolean;

  @ApiProperty({ type: String, nullable: true, description: "the server's reply when it refused" })
  reason: string | null;
}

export class ChannelPreferenceResponseDto {
  @ApiProperty({ enum: MESSAGE_KINDS })
  kind: string;

  @ApiProperty({ enum: CHANNELS })
  channel: string;

  @ApiProperty()
  enabled: boolean;
}

export class ChannelPreferencesResponseDto {
  @ApiProperty({ enum: MESSAGE_KINDS, isArray: true })
  kinds: string[];

  @ApiProperty({ enum: CHANNELS, isArray: true })
  channels: string[];

  @ApiProperty({ type: [ChannelPreferenceResponseDto], description: 'every kind × channel, on unless turned off' })
  preferences: ChannelPreferenceResponseDto[];
}
