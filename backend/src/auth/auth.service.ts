import { Injectable, Logger, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';

import { Environment } from '../config/environment';
import { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { AccessTokenPayload, AuthenticatedUser } from './authenticated';
import { LoginResponseDto } from './dto/login.dto';
import { hashPassword, verifyPassword } from './passwords';
import { tokenLifetimeSeconds } from './token-lifetime';

/** The one message for an unknown email and a wrong password, so that neither is revealed. */
export const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);

  /** A hash verified against when the email is unknown, so that both failures take as long. */
  private dummyHash = '';

  constructor(
    private readonly usersService: UsersService,
    private readonly jwtService: JwtService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashPassword(randomBytes(16).toString('hex'));
  }

  async validateCredentials(email: string, password: string): Promise<AuthenticatedUser> {
    const user = await this.usersService.findByEmail(email);
    const valid = await verifyPassword(user?.passwordHash ?? this.dummyHash, password);

    if (!user || !valid) {
      this.logger.warn({ userId: user?.id ?? null }, 'Rejected a login');
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    return { id: user.id, email: user.email, role: user.role, tenantId: user.tenantId };
  }

  async issueToken(user: AuthenticatedUser): Promise<LoginResponseDto> {
    const expiresIn = tokenLifetimeSeconds(this.config.get('JWT_EXPIRES_IN', { infer: true }));
    const payload: AccessTokenPayload = { sub: user.id, role: user.role, tenantId: user.tenantId };
    const accessToken = await this.jwtService.signAsync(payload, { expiresIn });

    const stored = await this.usersService.findById(user.id);
    this.logger.log({ userId: user.id }, 'Signed in');
    return { accessToken, tokenType: 'Bearer', expiresIn, user: UserDto.from(stored ?? { ...user, createdAt: new Date() }) };
  }
}
