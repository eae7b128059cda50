import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { LimitsService } from './limits.service';

@ApiTags('limits')
@Controller('tenants/:tenantId/limits')
export class LimitsController {
  constructor(private readonly limitsService: LimitsService) {}
}
