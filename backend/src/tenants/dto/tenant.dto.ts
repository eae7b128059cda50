import { ApiProperty } from '@nestjs/swagger';

import { Tenant } from '../entities/tenant.entity';

export class TenantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Acme Support' })
  name: string;

  @ApiProperty({ description: 'IANA time zone; all calendar periods of the tenant are cut in it.', example: 'Europe/Berlin' })
  timezone: string;

  @ApiProperty({ description: 'Storage quota in bytes (1 GB = 1,000,000,000 bytes).', example: 1_000_000_000 })
  storageQuotaBytes: number;

  @ApiProperty()
  createdAt: Date;

  static from(tenant: Tenant): TenantDto {
    return Object.assign(new TenantDto(), {
      id: tenant.id,
      name: tenant.name,
      timezone: tenant.timezone,
      storageQuotaBytes: tenant.storageQuotaBytes,
      createdAt: tenant.createdAt,
    });
  }
}
