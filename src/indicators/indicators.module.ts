// Indicators (指标) and their values: the figures the plan is measured by, with achievement, pro-rata
// expectation and projection. Reports record values through IndicatorsService.
import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsRepository } from './indicators.repository';
import { IndicatorsService } from './indicators.service';

@Module({
  imports: [PlansModule],
  controllers: [IndicatorsController],
  providers: [IndicatorsService, IndicatorsRepository],
  exports: [IndicatorsService, IndicatorsRepository],
})
export class IndicatorsModule {}
