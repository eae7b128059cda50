import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';

import { AuthenticatedUser } from '../authenticated';
import { IS_PUBLIC, USES_API_KEY } from '../decorators/access.decorators';

/** Global guard: every route needs a valid access token unless it is @Public() or uses an API key. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(USES_API_KEY, targets)) return true;
    return super.canActivate(context);
  }

  override handleRequest<User = AuthenticatedUser>(error: unknown, user: User | false, info: unknown): User {
    if (error) {
      throw error;
    }
    if (!user) {
      const expired = (info as { name?: string } | undefined)?.name === 'TokenExpiredError';
      throw new UnauthorizedException(
        expired
          ? 'Access token expired; sign in again with POST /api/v1/auth/login'
          : 'Missing or invalid access token; sign in with POST /api/v1/auth/login and send "Authorization: Bearer <accessToken>"',
      );
    }
    return user;
  }
}
