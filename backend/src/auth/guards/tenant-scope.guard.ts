import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

import { TenantNotFoundException, TenantsService } from '../../tenants/tenants.service';

/**
 * Global guard for routes with a `:tenantId` parameter: members and tenant admins reach only their
 * own tenant, platform admins any existing one. A foreign tenant gets the same 404 as a missing one.
 */
@Injectable()
export class TenantScopeGuard implements CanActivate {
  constructor(private readonly tenantsService: TenantsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const tenantId = (request.params as { tenantId?: unknown } | undefined)?.tenantId;
    const user = request.user;
    if (typeof tenantId !== 'string' || !user) {
      return true;
    }

    const allowed =
      user.role === 'platform_admin' ? await this.tenantsService.exists(tenantId) : user.tenantId === tenantId;
    if (!allowed) {
      throw new TenantNotFoundException(tenantId);
    }
    return true;
  }
}
