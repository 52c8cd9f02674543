// Bulletins (通报): generated on demand or weekly on a schedule, previewed, sent to the leads and all member units,
// and written as a Word document for the record.
import { BulletinFiguresRepository } from './bulletin-figures.repository';
import { Module, type OnModuleInit } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AssessmentModule } from '../assessment/assessment.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { IndicatorsModule } from '../indicators/indicators.module';
import { PlansModule } from '../plans/plans.module';
import { ReportsModule } from '../reports/reports.module';
import { SchedulerService } from '../scheduler/scheduler.service';
import { TasksModule } from '../tasks/tasks.module';
import { FollowupModule } from '../followup/followup.module';
import { BulletinSnapshotService } from './bulletin-snapshot.service';
import { BulletinsController } from './bulletins.controller';
import { BulletinsRepository } from './bulletins.repository';
import { BulletinsService } from './bulletins.service';

@Module({
  imports: [
    AccountsModule,
    PlansModule,
    TasksModule,
    IndicatorsModule,
    ReportsModule,
    DispatchModule,
    AssessmentModule,
    FollowupModule,
  ],
  controllers: [BulletinsController],
  providers: [BulletinsRepository, BulletinFiguresRepository, BulletinsService, BulletinSnapshotService],
  exports: [BulletinsService, BulletinsRepository],
})
export class BulletinsModule implements OnModuleInit {
  constructor(
    private readonly scheduler: SchedulerService,
    private readonly bulletins: BulletinsService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'bulletin.weekly',
      description: "Generates the week's bulletin and sends it to the leads, the secretariat and all member units",
      descriptionZh: '生成本周工作通报并印发专班负责人、专班办公室和各成员单位',
      // a Friday off gets the week's bulletin on the working day before it
      onDayOff: 'previous',
      run: (ctx) => this.bulletins.runWeekly(ctx),
    });
  }
}
