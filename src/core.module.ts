// Services every feature uses: configuration, the clock, the working-day calendar, settings, the audit log,
// and the repositories of all entities.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { WorkingDaysService } from './calendar/working-days.service';
import { ClockService } from './common/clock.service';
import { APP_CONFIG, type AppConfig } from './config/config';
import { ENTITIES } from './database/entities';
import { SettingsRepository } from './database/settings.repository';
import { SettingsService } from './database/settings.service';

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const repositories = TypeOrmModule.forFeature(ENTITIES);
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      ClockService,
      WorkingDaysService,
      SettingsRepository,
      SettingsService,
      AuditRepository,
      AuditService,
    ];
    return {
      module: CoreModule,
      imports: [repositories],
      providers,
      exports: [repositories, ...providers],
    };
  }
}
