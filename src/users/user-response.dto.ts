// What the API answers about user accounts; the password hash is never part of it.
import { ApiProperty } from '@nestjs/swagger';
import { ACTIONS, type Action } from '../access/actions';
import { UnitResponseDto } from '../units/unit-response.dto';
import { ROLES, type Role } from './user.entity';

/** The account's own fields. */
export class UserAccountResponseDto {
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

  @ApiProperty()
  active: boolean;

  @ApiProperty({ enum: ['zh-CN', 'en'] })
  locale: string;

  @ApiProperty()
  wantsDigest: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

/** The account with its unit. */
export class UserResponseDto extends UserAccountResponseDto {
  @ApiProperty({ type: () => UnitResponseDto, nullable: true })
  unit: UnitResponseDto | null;
}

/** The signed-in user (GET /api/auth/me): the account, its unit and what its role may do. */
export class SignedInUserResponseDto extends UserResponseDto {
  @ApiProperty({ enum: ACTIONS, isArray: true, description: 'what the role may do at all; objects carry their own' })
  allowedActions: Action[];

  @ApiProperty({ description: "whether the role sees every unit's work (else its own unit's)" })
  seesAllUnits: boolean;

  @ApiProperty({
    enum: ['password_expired', 'totp_enrolment_required'],
    nullable: true,
    description: 'what this sign-in is limited to until put right (see the sign-in answer); null: nothing',
  })
  limit: string | null;
}

/** A person named inside another answer. */
export class UserRefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  displayName: string;
}
