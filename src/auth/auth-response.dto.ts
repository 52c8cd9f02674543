// What signing in answers: the bearer token and who it is for.
import { ApiProperty } from '@nestjs/swagger';
import { ACTIONS, type Action } from '../access/actions';
import { ROLES, type Role } from '../users/user.entity';

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
}
