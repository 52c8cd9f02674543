import { Can } from '../access';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { CreateUnitDto, UpdateUnitDto } from './unit.dto';
import { UnitsService } from './units.service';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  list() {
    return this.units.list();
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.units.get(id);
  }

  @Can('unit.manage')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto) {
    return this.units.create(actor, dto);
  }

  @Can('unit.manage')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateUnitDto) {
    return this.units.update(actor, id, dto);
  }
}
