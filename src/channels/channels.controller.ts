// The channel routes: a unit's channels (list, add, change, remove, test now) and the caller's own preferences.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Can } from '../access';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiErrors } from '../common/responses';
import { ChannelPreferencesDto, CreateChannelDto, UpdateChannelDto } from './channel.dto';
import { ChannelPreferencesResponseDto, ChannelResponseDto, ChannelTestResponseDto } from './channel-response.dto';
import { ChannelsService } from './channels.service';

@ApiTags('channels')
@ApiBearerAuth()
@Controller('units/:unitId/channels')
@ApiErrors(400, 401, 403, 404, 409)
export class UnitChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  /** The unit's channels, addresses masked. */
  @Can('channel.read')
  @ApiOkResponse({ type: [ChannelResponseDto] })
  @Get()
  list(@CurrentActor() actor: Actor, @Param('unitId', IdPipe) unitId: number) {
    return this.channels.list(actor, unitId);
  }

  /** Adds a channel; 409 channel_secret_key_missing when the server has no CHANNEL_SECRET_KEY. */
  @Can('channel.manage')
  @ApiCreatedResponse({ type: ChannelResponseDto })
  @Post()
  create(@CurrentActor() actor: Actor, @Param('unitId', IdPipe) unitId: number, @Body() dto: CreateChannelDto) {
    return this.channels.create(actor, unitId, dto);
  }

  @Can('channel.manage')
  @ApiOkResponse({ type: ChannelResponseDto })
  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('unitId', IdPipe) unitId: number,
    @Param('id', IdPipe) id: number,
    @Body() dto: UpdateChannelDto,
  ) {
    return this.channels.update(actor, unitId, id, dto);
  }

  @Can('channel.manage')
  @ApiNoContentResponse()
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('unitId', IdPipe) unitId: number, @Param('id', IdPipe) id: number) {
    await this.channels.remove(actor, unitId, id);
  }

  /** Sends a test message now (not through the outbox) and answers what the channel's server said. */
  @Can('channel.manage')
  @ApiOkResponse({ type: ChannelTestResponseDto })
  @Post(':id/test')
  @HttpCode(200)
  test(@CurrentActor() actor: Actor, @Param('unitId', IdPipe) unitId: number, @Param('id', IdPipe) id: number) {
    return this.channels.test(actor, unitId, id);
  }
}

@ApiTags('channels')
@ApiBearerAuth()
@Controller('me/channel-preferences')
@ApiErrors(400, 401, 403)
export class ChannelPreferencesController {
  constructor(private readonly channels: ChannelsService) {}

  /** Every kind × channel for the caller, on unless turned off. */
  @Can('channel.preferences')
  @ApiOkResponse({ type: ChannelPreferencesResponseDto })
  @Get()
  get(@CurrentActor() actor: Actor) {
    return this.channels.preferences(actor);
  }

  /** Replaces the caller's preferences: what is not listed as off is on. */
  @Can('channel.preferences')
  @ApiOkResponse({ type: ChannelPreferencesResponseDto })
  @Put()
  put(@CurrentActor() actor: Actor, @Body() dto: ChannelPreferencesDto) {
    return this.channels.setPreferences(actor, dto);
  }
}
