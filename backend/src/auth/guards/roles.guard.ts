import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';

import { Role } from '../../users/entities/user.entity';
import { REQUIRED_ROLES } from '../decorators/access.decorators';

/** Global guard: enforces the roles given to @Auth(...roles). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    const user = context.switchToHttp().getRequest<FastifyRequest>().user;
    if (!roles || roles.length === 0 || !user) {
      return true;
    }

    if (!roles.includes(user.role)) {
      throw new ForbiddenException(`This action requires the role ${roles.join(' or ')}; you are signed in as ${user.role}`);
    }
    return true;
  }
}
