import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Plan } from './plan.entity';

@Injectable()
export class PlanLoaderService {
  constructor(@InjectRepository(Plan) private readonly plans: Repository<Plan>) {}

  async isEmpty(): Promise<boolean> {
    return (await this.plans.count()) === 0;
  }

  async loadFile(_actor: Actor, _path: string): Promise<void> {
    // placeholder until the loader lands
  }
}
