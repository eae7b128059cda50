import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { Auth } from '../auth/decorators/access.decorators';
import { TenantsService } from '../tenants/tenants.service';
import { StorageService } from './storage.service';

class KindUsageDto {
  @ApiProperty() bytes: number;
  @ApiProperty() objects: number;
}

class StorageByKindUsageDto {
  @ApiProperty({ type: KindUsageDto }) text: KindUsageDto;
  @ApiProperty({ type: KindUsageDto }) media: KindUsageDto;
  @ApiProperty({ type: KindUsageDto }) other: KindUsageDto;
}

class StoredObjectDto {
  @ApiProperty() objectId: string;
  @ApiProperty({ enum: ['text', 'media', 'other'] }) kind: string;
  @ApiProperty() bytes: number;
}

export class StorageDto {
  @ApiProperty() usedBytes: number;
  @ApiProperty() quotaBytes: number;
  @ApiProperty({ description: 'Percent with two decimals; may pass 100.' }) percentUsed: number;
  @ApiProperty({ type: StorageByKindUsageDto }) byKind: StorageByKindUsageDto;
  @ApiProperty({ type: [StoredObjectDto], description: 'The 10 largest objects.' }) largest: StoredObjectDto[];
}

@ApiTags('storage')
@Controller('tenants/:tenantId/storage')
@Auth()
@ApiNotFoundResponse({ description: "The tenant does not exist or is not the caller's." })
export class StorageController {
  constructor(
    private readonly storageService: StorageService,
    private readonly tenantsService: TenantsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Storage used now, per kind, against the quota, with the largest objects' })
  @ApiOkResponse({ type: StorageDto })
  async get(@Param('tenantId') tenantId: string): Promise<StorageDto> {
    const tenant = await this.tenantsService.findOne(tenantId);
    const usage = await this.storageService.usage(tenantId, tenant.storageQuotaBytes);
    return { ...usage, largest: await this.storageService.largest(tenantId) };
  }
}
