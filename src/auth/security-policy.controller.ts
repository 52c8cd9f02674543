// The security policy in force, as the security administrator and the auditor read it: passwords, sign-in limits
// and lockout, sessions, trusted proxies, the audit log's retention and chain. Set in the configuration
// (config/default.json, CONFIG_FILE, environment variables), read here; changing it means a restart.
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Can, PRIVILEGED_ROLES } from '../access';
import { ApiErrors } from '../common/responses';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { PASSWORD_MIN_CLASSES, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE } from './password-policy';

class PasswordPolicyDto {
  @ApiProperty() minLength: number;
  @ApiProperty({ description: 'kinds of character needed of four: lower case, upper case, digits, others' })
  minClasses: number;
  @ApiProperty({ description: 'the least zxcvbn strength score (0–4); common passwords and words score low' })
  minScore: number;
  @ApiProperty({ description: 'a password may not contain the account’s email or name' })
  notEmailOrName: boolean;
}

class SignInPolicyDto {
  @ApiProperty({ description: 'sign-in attempts per client address within the window' }) perAddress: number;
  @ApiProperty({ description: 'sign-in attempts per account within the window' }) perAccount: number;
  @ApiProperty() windowSeconds: number;
  @ApiProperty({ description: 'wrong passwords within lockoutWindowSeconds that lock the account' })
  lockoutThreshold: number;
  @ApiProperty() lockoutWindowSeconds: number;
  @ApiProperty() lockoutSeconds: number;
  @ApiProperty({ type: [String], description: 'proxies whose X-Forwarded-For is believed; empty: none' })
  trustedProxies: string[];
}

class SessionPolicyDto {
  @ApiProperty() idleTimeoutSeconds: number;
  @ApiProperty({ description: 'the absolute lifetime of a sign-in' }) lifetimeSeconds: number;
}

class AuditPolicyDto {
  @ApiProperty() retentionDays: number;
  @ApiProperty() sealIntervalSeconds: number;
  @ApiProperty({ description: 'the chain key comes from the configuration (not kept in the database)' })
  chainKeyConfigured: boolean;
}

export class SecurityPolicyResponseDto {
  @ApiProperty({ type: PasswordPolicyDto }) passwords: PasswordPolicyDto;
  @ApiProperty({ type: SignInPolicyDto }) signIn: SignInPolicyDto;
  @ApiProperty({ type: SessionPolicyDto }) sessions: SessionPolicyDto;
  @ApiProperty({ type: AuditPolicyDto }) audit: AuditPolicyDto;
  @ApiProperty({ description: 'nobody decides their own request or report; deadline moves are re-plans with a reason' })
  separationOfDuties: boolean;
  @ApiProperty({ type: [String], description: 'roles whose accounts only the command line makes and changes' })
  privilegedRoles: string[];
}

@ApiTags('security')
@ApiBearerAuth()
@Controller('security')
@ApiErrors(401, 403)
export class SecurityPolicyController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The security policy in force. */
  @Can('security.policy.read')
  @ApiOkResponse({ type: SecurityPolicyResponseDto })
  @Get('policy')
  policy(): SecurityPolicyResponseDto {
    const { auth, audit } = this.config;
    return {
      passwords: {
        minLength: PASSWORD_MIN_LENGTH,
        minClasses: PASSWORD_MIN_CLASSES,
        minScore: PASSWORD_MIN_SCORE,
        notEmailOrName: true,
      },
      signIn: {
        perAddress: auth.loginLimit,
        perAccount: auth.accountLoginLimit,
        windowSeconds: auth.loginWindowSeconds,
        lockoutThreshold: auth.lockoutThreshold,
        lockoutWindowSeconds: auth.lockoutWindowSeconds,
        lockoutSeconds: auth.lockoutSeconds,
        trustedProxies: this.config.trustProxy,
      },
      sessions: { idleTimeoutSeconds: auth.idleTimeoutSeconds, lifetimeSeconds: auth.tokenTtlSeconds },
      audit: {
        retentionDays: audit.retentionDays,
        sealIntervalSeconds: audit.sealIntervalSeconds,
        chainKeyConfigured: audit.chainKey !== null,
      },
      separationOfDuties: this.config.security.separationOfDuties,
      privilegedRoles: [...PRIVILEGED_ROLES],
    };
  }
}
