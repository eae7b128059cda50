import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

import { UserDto } from '../../users/dto/user.dto';

export class LoginDto {
  @ApiProperty({ example: 'admin@beyondask.local' })
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 256, { message: 'password must be 1 to 256 characters long' })
  password: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'JWT to send as "Authorization: Bearer <token>".' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Lifetime of the token in seconds.', example: 3600 })
  expiresIn: number;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}
