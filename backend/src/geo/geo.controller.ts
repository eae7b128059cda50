import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

import { Auth } from '../auth/decorators/access.decorators';
import { GEO_SUBJECTS, GeoSubject } from './entities/geo-monthly.entity';
import { GeoService } from './geo.service';

class GeoQueryDto {
  @ApiPropertyOptional({ enum: GEO_SUBJECTS, default: 'contacts' })
  @IsOptional()
  @IsIn(GEO_SUBJECTS, { message: 'subject must be one of contacts, visitors (got "$value")' })
  subject: GeoSubject = 'contacts';

  @ApiPropertyOptional({ example: '2026-11', description: 'Default: lifetime for contacts, this month for visitors.' })
  @IsOptional()
  @IsString()
  month?: string;

  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 250 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer from 1 to 250' })
  @Min(1, { message: 'limit must be an integer from 1 to 250' })
  @Max(250, { message: 'limit must be an integer from 1 to 250' })
  limit = 10;
}

class CountryCountDto {
  @ApiProperty({ example: 'DE' }) country: string;
  @ApiProperty({ example: 'Germany' }) name: string;
  @ApiProperty({ example: 'Europe' }) region: string;
  @ApiProperty() count: number;
}

class GeoCountriesDto {
  @ApiProperty({ enum: GEO_SUBJECTS }) subject: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for lifetime.' }) month: string | null;
  @ApiProperty({ type: [CountryCountDto] }) items: CountryCountDto[];
  @ApiProperty({ description: 'Sum of the countries beyond limit.' }) otherCount: number;
  @ApiProperty({ description: 'Counted without a known country.' }) unknownCount: number;
}

class RegionCountDto {
  @ApiProperty({ example: 'Europe' }) region: string;
  @ApiProperty() count: number;
}

class GeoRegionsDto {
  @ApiProperty({ enum: GEO_SUBJECTS }) subject: string;
  @ApiProperty({ nullable: true, type: String }) month: string | null;
  @ApiProperty({ type: [RegionCountDto] }) items: RegionCountDto[];
  @ApiProperty() unknownCount: number;
}

@ApiTags('geo')
@Controller('tenants/:tenantId/geo')
@Auth()
@ApiNotFoundResponse({ description: "The tenant does not exist or is not the caller's." })
export class GeoController {
  constructor(private readonly geoService: GeoService) {}

  @Get('countries')
  @ApiOperation({ summary: 'Contacts or distinct visitors per country, largest first' })
  @ApiOkResponse({ type: GeoCountriesDto })
  async countries(@Param('tenantId') tenantId: string, @Query() query: GeoQueryDto): Promise<GeoCountriesDto> {
    const { month, items, unknownCount } = await this.geoService.countries(tenantId, query);
    const otherCount = items.slice(query.limit).reduce((sum, item) => sum + item.count, 0);
    return { subject: query.subject, month, items: items.slice(0, query.limit), otherCount, unknownCount };
  }

  @Get('regions')
  @ApiOperation({ summary: 'Contacts or distinct visitors per continent' })
  @ApiOkResponse({ type: GeoRegionsDto })
  async regions(@Param('tenantId') tenantId: string, @Query() query: GeoQueryDto): Promise<GeoRegionsDto> {
    const { month, items, unknownCount } = await this.geoService.countries(tenantId, query);
    const byRegion = new Map<string, number>();
    for (const item of items) byRegion.set(item.region, (byRegion.get(item.region) ?? 0) + item.count);
    const regions = [...byRegion].map(([region, count]) => ({ region, count })).sort((a, b) => b.count - a.count || a.region.localeCompare(b.region));
    return { subject: query.subject, month, items: regions, unknownCount };
  }
}
