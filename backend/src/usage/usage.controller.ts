import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { UsageService } from './usage.service';

@ApiTags('usage')
@Controller('tenants/:tenantId/usage')
export class UsageController {
  constructor(private readonly usageService: UsageService) {}
}
