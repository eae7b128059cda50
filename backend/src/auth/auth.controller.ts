import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { RateLimit } from '../throttling/rate-limits';
import { AuthService } from './auth.service';
import { AuthenticatedUser } from './authenticated';
import { Auth, CurrentUser, Public } from './decorators/access.decorators';
import { LoginDto, LoginResponseDto } from './dto/login.dto';
import { LocalAuthGuard } from './guards/local-auth.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly authService: AuthService,
    private readonly usersService: UsersService,
  ) {}

  @Post('login')
  @Public()
  @RateLimit('login')
  @UseGuards(LocalAuthGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password for a bearer access token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'Missing or malformed email or password.' })
  @ApiUnauthorizedResponse({ description: 'Invalid email or password (one message for both).' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this email or from this address.' })
  login(@CurrentUser() user: AuthenticatedUser, @Body() _credentials: LoginDto): Promise<LoginResponseDto> {
    return this.authService.issueToken(user);
  }

  @Get('me')
  @Auth()
  @ApiOperation({ summary: 'Return the signed-in user' })
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    const stored = await this.usersService.findById(user.id);
    return UserDto.from(stored ?? { ...user, createdAt: new Date(0) });
  }
}
