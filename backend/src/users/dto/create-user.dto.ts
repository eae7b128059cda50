import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Length, MaxLength } from 'class-validator';

import { TENANT_ROLES, TenantRole } from '../entities/user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'ada@acme.example', maxLength: 254 })
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 256, description: 'Stored only as an argon2id hash.' })
  @IsString()
  @Length(8, 256, { message: 'password must be 8 to 256 characters long' })
  password: string;

  @ApiProperty({ enum: TENANT_ROLES, description: 'Platform admins cannot be created through the API.' })
  @IsIn(TENANT_ROLES, { message: `role must be one of ${TENANT_ROLES.join(', ')} (got "$value")` })
  role: TenantRole;
}
