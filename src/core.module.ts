// Services every feature uses: configuration, the clock, the working-day calendar, settings, the audit log,
// and the repositories of all entities.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './audit/audit.service';
import { WorkingDaysService } from './calendar/working-days.service';
import { ClockService } from './common/clock.service';
import { APP_CONFIG, type AppConfig } from './config/config';
import { ENTITIES } from './database/entities';
import { SettingsService } from './database/settings.service';
import { DocumentNumberService } from './documents/document-number.service';
import { PaperService } from './documents/paper.service';

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const repositories = TypeOrmModule.forFeature(ENTITIES);
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      ClockService,
      WorkingDaysService,
      SettingsService,
      AuditService,
      DocumentNumberService,
      PaperService,
    ];
    return {
      module: CoreModule,
      imports: [repositories],
      providers,
      exports: [repositories, ...providers],
    };
  }
}
