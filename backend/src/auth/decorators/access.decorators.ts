import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';

import { API_KEY_SECURITY, BEARER_SECURITY } from '../../common/security-schemes';
import { Role } from '../../users/entities/user.entity';
import { AuthenticatedApiKey, AuthenticatedUser } from '../authenticated';

export const IS_PUBLIC = 'beyondask:isPublic';
export const REQUIRED_ROLES = 'beyondask:requiredRoles';
export const USES_API_KEY = 'beyondask:usesApiKey';

/** Opens a route to anonymous callers; every other route needs an access token or an API key. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Requires an access token and, when roles are given, one of them. Routes with a `:tenantId`
 * parameter are also limited to the caller's own tenant, except for platform admins.
 * Documents the bearer scheme, the roles and the error responses in Swagger.
 */
export function Auth(...roles: Role[]): MethodDecorator & ClassDecorator {
  const decorators = [
    SetMetadata(REQUIRED_ROLES, roles),
    ApiBearerAuth(BEARER_SECURITY),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token.' }),
    ApiTooManyRequestsResponse({ description: 'Rate limit reached; retry after the seconds in Retry-After.' }),
  ];
  if (roles.length > 0) {
    decorators.push(
      ApiExtension('x-required-roles', roles),
      ApiForbiddenResponse({ description: `Requires the role ${roles.join(' or ')}.` }),
    );
  }
  return applyDecorators(...decorators);
}

/** Requires a tenant API key in the X-API-Key header instead of an access token. */
export function ApiKeyAuth(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(USES_API_KEY, true),
    ApiSecurity(API_KEY_SECURITY),
    ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key.' }),
    ApiTooManyRequestsResponse({ description: 'Rate limit reached; retry after the seconds in Retry-After.' }),
  );
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<FastifyRequest>().user as AuthenticatedUser,
);

export const CurrentApiKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedApiKey =>
    context.switchToHttp().getRequest<FastifyRequest>().apiKey as AuthenticatedApiKey,
);
