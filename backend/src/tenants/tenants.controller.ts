import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { TenantsService } from './tenants.service';

// TODO: tenant administration endpoints for platform admins.
@ApiTags('tenants')
@Controller('admin/tenants')
export class TenantsController {
  constructor(private readonly tenantsService: TenantsService) {}
}
