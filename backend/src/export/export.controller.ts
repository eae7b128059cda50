import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ExportService } from './export.service';

@ApiTags('export')
@Controller('tenants/:tenantId/usage')
export class ExportController {
  constructor(private readonly exportsService: ExportService) {}
}
