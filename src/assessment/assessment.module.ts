// Unit assessment (考评): the registry of scored kinds, the built-in providers, the ranking API, export and command.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { SupervisionModule } from '../supervision/supervision.module';
import { AssessmentFiguresRepository } from './assessment-figures.repository';
import { AssessmentController } from './assessment.controller';
import { AssessmentProviders } from './assessment.providers';
import { AssessmentRegistry } from './assessment.registry';
import { AssessmentService } from './assessment.service';

@Module({
  imports: [AccountsModule, SupervisionModule],
  controllers: [AssessmentController],
  providers: [AssessmentRegistry, AssessmentFiguresRepository, AssessmentProviders, AssessmentService],
  exports: [AssessmentRegistry, AssessmentService],
})
export class AssessmentModule {}
