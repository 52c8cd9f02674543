import { Can } from '../access';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { CreateUnitDto, UpdateUnitDto } from './unit.dto';
import { UnitsService } from './units.service';
import { ApiErrors } from '../common/responses';
import { UnitResponseDto } from './unit-response.dto';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
@ApiErrors(400, 401, 403, 404, 409)
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @ApiOkResponse({ type: [UnitResponseDto] })
  @Get()
  list() {
    return this.units.list();
  }

  @ApiOkResponse({ type: UnitResponseDto })
  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.units.get(id);
  }

  @Can('unit.manage')
  @ApiCreatedResponse({ type: UnitResponseDto })
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto) {
    return this.units.create(actor, dto);
  }

  @Can('unit.manage')
  @ApiOkResponse({ type: UnitResponseDto })
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateUnitDto) {
    return this.units.update(actor, id, dto);
  }
}
