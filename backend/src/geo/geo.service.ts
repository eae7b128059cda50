import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { continents, countries } from 'countries-list';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';

import { TenantsService } from '../tenants/tenants.service';
import { GeoSubject } from './entities/geo-monthly.entity';

export interface CountryCount {
  country: string;
  name: string;
  region: string;
  count: number;
}

export interface GeoQuery {
  subject: GeoSubject;
  month?: string;
  limit: number;
}

/** Country name and continent name from countries-list; an unlisted code keeps the code as its name. */
function describeCountry(code: string): { name: string; region: string } {
  const country = countries[code as keyof typeof countries];
  return country
    ? { name: country.name, region: continents[country.continent as keyof typeof continents] }
    : { name: code, region: 'Unknown' };
}

@Injectable()
export class GeoService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenantsService: TenantsService,
  ) {}

  /**
   * Counts per country from the rollup snapshots. Without a month, contacts are lifetime and visitors
   * this month (visitors are distinct per month, so months cannot be added up).
   */
  async countries(tenantId: string, query: GeoQuery): Promise<{ month: string | null; items: CountryCount[]; unknownCount: number }> {
    const tenant = await this.tenantsService.findOne(tenantId);
    if (query.month !== undefined && !DateTime.fromFormat(query.month, 'yyyy-MM').isValid) {
      throw new BadRequestException(`month must be a month in the form YYYY-MM (got "${query.month}")`);
    }
    const month = query.month ?? (query.subject === 'visitors' ? DateTime.now().setZone(tenant.timezone).toFormat('yyyy-MM') : null);

    const rows: Array<{ country: string; total: number }> = await this.dataSource.query(
      `SELECT country, SUM(count) AS total FROM geo_monthly
       WHERE tenant_id = ? AND subject = ? ${month ? 'AND month = ?' : ''}
       GROUP BY country`,
      month ? [tenantId, query.subject, month] : [tenantId, query.subject],
    );

    let unknownCount = 0;
    const items: CountryCount[] = [];
    for (const row of rows) {
      const count = Number(row.total);
      if (row.country === '') unknownCount += count;
      else if (count > 0) items.push({ country: row.country, ...describeCountry(row.country), count });
    }
    items.sort((a, b) => b.count - a.count || a.country.localeCompare(b.country));
    return { month, items, unknownCount };
  }
}
