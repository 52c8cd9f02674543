import { Module } from '@nestjs/common';
import { PlanLoaderService } from './plan-loader.service';

@Module({
  providers: [PlanLoaderService],
  exports: [PlanLoaderService],
})
export class PlansModule {}
