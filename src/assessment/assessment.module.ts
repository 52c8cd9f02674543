// Unit assessment (考评): the registry of scored kinds, the built-in providers, the ranking API, export and command.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AcknowledgementsModule } from '../acknowledgements/acknowledgements.module';
import { FollowupModule } from '../followup/followup.module';
import { UrgingRecordsModule } from '../followup/urging-records.module';
import { SupervisionModule } from '../supervision/supervision.module';
import { AssessmentFiguresRepository } from './assessment-figures.repository';
import { AssessmentController } from './assessment.controller';
import { AssessmentProviders } from './assessment.providers';
import { FollowUpAssessmentProviders } from './follow-up-providers';
import { AssessmentRegistry } from './assessment.registry';
import { AssessmentService } from './assessment.service';

@Module({
  imports: [AccountsModule, SupervisionModule, AcknowledgementsModule, FollowupModule, UrgingRecordsModule],
  controllers: [AssessmentController],
  providers: [
    AssessmentRegistry,
    AssessmentFiguresRepository,
    AssessmentProviders,
    FollowUpAssessmentProviders,
    AssessmentService,
  ],
  exports: [AssessmentRegistry, AssessmentService],
})
export class AssessmentModule {}
