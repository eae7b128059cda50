import { ApiProperty } from '@nestjs/swagger';

import { ROLES, Role, User } from '../entities/user.entity';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ada@acme.example' })
  email: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for platform admins.' })
  tenantId: string | null;

  @ApiProperty()
  createdAt: Date;

  static from(user: Pick<User, 'id' | 'email' | 'role' | 'tenantId' | 'createdAt'>): UserDto {
    return Object.assign(new UserDto(), {
      id: user.id,
      email: user.email,
      role: user.role,
      tenantId: user.tenantId,
      createdAt: user.createdAt,
    });
  }
}
