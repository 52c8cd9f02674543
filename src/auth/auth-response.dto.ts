// What signing in answers: the bearer token and who it is for.
import { ApiProperty } from '@nestjs/swagger';
import { ACTIONS, type Action } from '../access/actions';
import { ROLES, type Role } from '../users/user.entity';
import type { SignInLimit } from './auth.service';

export const SIGN_IN_LIMITS: SignInLimit[] = ['password_expired', 'totp_enrolment_required'];

export class ActorResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: Number, nullable: true })
  unitId: number | null;

  @ApiProperty({ enum: ACTIONS, isArray: true, description: 'what the role may do at all; objects carry their own' })
  allowedActions: Action[];

  @ApiProperty({ description: "whether the role sees every unit's work (else its own unit's)" })
  seesAllUnits: boolean;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'send as Authorization: Bearer <token>' })
  token: string;

  @ApiProperty({ description: 'seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({ type: ActorResponseDto })
  user: ActorResponseDto;

  @ApiProperty({
    enum: SIGN_IN_LIMITS,
    nullable: true,
    description:
      'what the sign-in is limited to until put right: password_expired (change the password, PATCH /api/users/me), ' +
      'totp_enrolment_required (enrol a second factor, POST /api/auth/totp/setup and /enable); other routes answer ' +
      '403 with that code. null: not limited',
  })
  limit: SignInLimit | null;
}
