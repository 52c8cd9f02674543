// What signing in answers: the bearer token and who it is for.
import { ApiProperty } from '@nestjs/swagger';
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
}

export class LoginResponseDto {
  @ApiProperty({ description: 'send as Authorization: Bearer <token>' })
  token: string;

  @ApiProperty({ description: 'seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({ type: ActorResponseDto })
  user: ActorResponseDto;
}
