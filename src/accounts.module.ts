// Units, users and sign-in: the accounts side of the service.
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { SecurityPolicyController } from './auth/security-policy.controller';
import { SecondFactorController } from './auth/second-factor.controller';
import { SecondFactorService } from './auth/second-factor.service';
import { UnitsController } from './units/units.controller';
import { RecipientsService } from './units/recipients.service';
import { UnitsRepository } from './units/units.repository';
import { UnitsService } from './units/units.service';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

@Module({
  imports: [JwtModule.register({})],
  controllers: [
    AuthController,
    SecondFactorController,
    UnitsController,
    UsersController,
    AuditController,
    SecurityPolicyController,
  ],
  providers: [
    AuthService,
    SecondFactorService,
    UnitsService,
    UsersService,
    RecipientsService,
    UnitsRepository,
    UsersRepository,
  ],
  exports: [AuthService, UnitsService, UsersService, RecipientsService, UnitsRepository, UsersRepository],
})
export class AccountsModule {}
