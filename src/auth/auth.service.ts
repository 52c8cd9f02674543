// Sign-in and bearer tokens: a password checked against the account, a signed token, and the actor behind it.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ClockService } from '../common/clock.service';
import { UnauthorizedError } from '../common/errors';
import { SettingsService } from '../database/settings.service';
import type { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import type { Actor } from './actor';
import { hashPassword, verifyPassword } from './passwords';

interface TokenPayload {
  sub: number;
  role: string;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private key: KeyObject | null = null;
  // Compared against when the email is unknown, so a wrong email and a wrong password take the same time.
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly settings: SettingsService,
    private readonly clock: ClockService,
  ) {}

  /**
   * The signing key, made once: given as a key object, jsonwebtoken does not first try (and fail) to read the
   * secret as a public key on every request.
   */
  private async signingSecret(): Promise<string> {
    this.key ??= createSecretKey(
      Buffer.from(
        this.config.auth.jwtSecret ??
          (await this.settings.getOrCreate('jwt_secret', () => randomBytes(48).toString('base64url'))),
        'utf8',
      ),
    );
    return this.key as unknown as string;
  }

  async login(email: string, password: string): Promise<{ token: string; expiresIn: number; user: Actor }> {
    const user = await this.users.findByEmailWithPassword(email);
    const ok = user
      ? await verifyPassword(user.passwordHash, password)
      : (await verifyPassword(await this.dummyHash, password), false);
    if (!user || !ok || !user.active) {
      throw new UnauthorizedError('Wrong email or password', '邮箱或密码错误');
    }
    await this.users.recordLogin(user.id, this.clock.now());
    const expiresIn = this.config.auth.tokenTtlSeconds;
    const token = await this.jwt.signAsync({ sub: user.id, role: user.role } satisfies TokenPayload, {
      secret: await this.signingSecret(),
      expiresIn,
    });
    return { token, expiresIn, user: toActor(user) };
  }

  /** The actor behind a bearer token; the account is read again so a deactivated user is refused at once. */
  async actorFromToken(token: string): Promise<Actor> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { secret: await this.signingSecret() });
    } catch {
      throw new UnauthorizedError('The sign-in has expired or is invalid; sign in again', '登录已失效，请重新登录');
    }
    const user = await this.users.actorFieldsById(payload.sub);
    if (!user || !user.active) throw new UnauthorizedError('The account is not active', '账号不可用');
    return toActor(user);
  }
}

export function toActor(user: Pick<User, 'id' | 'email' | 'displayName' | 'role' | 'unitId'>): Actor {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, unitId: user.unitId };
}
