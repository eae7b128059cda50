import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { StorageService } from './storage.service';

@ApiTags('storage')
@Controller('tenants/:tenantId/storage')
export class StorageController {
  constructor(private readonly storageService: StorageService) {}
}
