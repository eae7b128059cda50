import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Auth } from '../auth/decorators/access.decorators';
import { TenantDto } from './dto/tenant.dto';
import { TenantsService } from './tenants.service';

/** Tenant routes open to every user of the tenant; the platform admin's routes are in TenantsController. */
@ApiTags('tenants')
@Controller('tenants/:tenantId')
@Auth()
export class TenantController {
  constructor(private readonly tenantsService: TenantsService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's name, time zone and storage quota" })
  @ApiOkResponse({ type: TenantDto })
  @ApiNotFoundResponse({ description: "The tenant does not exist or is not the caller's." })
  async get(@Param('tenantId') tenantId: string): Promise<TenantDto> {
    return TenantDto.from(await this.tenantsService.findOne(tenantId));
  }
}
