// Services every feature uses: configuration, the clock, the working-day calendar (and its table), settings and the audit log.
// No entity's repository is shared: each feature's own <feature>.repository.ts is the only code on its tables.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AuditChainRepository } from './audit/audit-chain.repository';
import { AuditChainService } from './audit/audit-chain.service';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { CalendarTableService } from './calendar/calendar-table.service';
import { CalendarRepository } from './calendar/calendar.repository';
import { WorkingDaysService } from './calendar/working-days.service';
import { ClockService } from './common/clock.service';
import { APP_CONFIG, type AppConfig } from './config/config';
import { DataVersion } from './database/data-version';
import { StatisticsService } from './database/statistics';
import { SettingsRepository } from './database/settings.repository';
import { SettingsService } from './database/settings.service';
import { DocumentNumberService } from './documents/document-number.service';
import { DocumentNumbersRepository } from './documents/document-numbers.repository';
import { PaperService } from './documents/paper.service';

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      ClockService,
      WorkingDaysService,
      CalendarRepository,
      CalendarTableService,
      DataVersion,
      StatisticsService,
      SettingsRepository,
      SettingsService,
      AuditRepository,
      AuditService,
      AuditChainRepository,
      AuditChainService,
      DocumentNumbersRepository,
      DocumentNumberService,
      PaperService,
    ];
    return {
      module: CoreModule,
      providers,
      exports: providers,
    };
  }
}
