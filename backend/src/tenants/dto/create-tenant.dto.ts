import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

import { IsIanaTimezone } from '../../common/timezone';
import { DEFAULT_STORAGE_QUOTA_BYTES } from '../entities/tenant.entity';

/** Largest quota accepted: 1 PB, well inside JavaScript's safe integers. */
export const MAX_STORAGE_QUOTA_BYTES = 1e15;

export class CreateTenantDto {
  @ApiProperty({ example: 'Acme Support', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ default: 'UTC', example: 'Europe/Berlin' })
  @IsOptional()
  @IsIanaTimezone()
  timezone?: string;

  @ApiPropertyOptional({ default: DEFAULT_STORAGE_QUOTA_BYTES, minimum: 0, maximum: MAX_STORAGE_QUOTA_BYTES })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_STORAGE_QUOTA_BYTES)
  storageQuotaBytes?: number;
}
