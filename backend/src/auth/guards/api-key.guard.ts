import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';

import { ApiKeysService } from '../../api-keys/api-keys.service';
import { USES_API_KEY } from '../decorators/access.decorators';

/** Global guard: routes marked @ApiKeyAuth() need a working tenant API key in X-API-Key. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeysService: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.reflector.getAllAndOverride<boolean>(USES_API_KEY, [context.getHandler(), context.getClass()])) {
      return true;
    }

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers['x-api-key'];
    if (typeof key !== 'string' || key.trim() === '') {
      throw new UnauthorizedException(
        'Missing X-API-Key header; a tenant admin creates keys with POST /api/v1/tenants/{tenantId}/api-keys',
      );
    }

    const apiKey = await this.apiKeysService.authenticate(key.trim());
    if (!apiKey) {
      throw new UnauthorizedException('Invalid or revoked API key');
    }
    request.apiKey = apiKey;
    return true;
  }
}
