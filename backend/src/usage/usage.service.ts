import { BadRequestException, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { datesBetween } from '../rollup/calendar';
import { StorageService, StorageUsage } from '../storage/storage.service';
import { TenantsService } from '../tenants/tenants.service';
import { TimeseriesDto, TimeseriesQueryDto, UsageSummaryDto } from './dto/usage.dto';
import { USAGE_METRICS, UsageMetric } from './entities/usage-daily.entity';
import { checkDateRange, periodBounds, totalsByPeriod } from './usage-periods';
import { DayValues, UsageReader } from './usage-reader';

export const MAX_TIMESERIES_POINTS = 1000;

function sumDays(days: Map<string, number> | undefined, from: string, to: string): number {
  let total = 0;
  for (const [day, value] of days ?? []) {
    if (day >= from && day <= to) total += value;
  }
  return total;
}

/** Builds the summary from daily values covering last month and this month to date, and lifetime totals. */
function summaryOf(
  tenantId: string,
  zone: string,
  asOf: DateTime,
  days: DayValues,
  lifetime: Map<UsageMetric, number>,
  storage: StorageUsage,
): UsageSummaryDto {
  const today = asOf.setZone(zone);
  const monthStart = today.startOf('month');
  const previousStart = monthStart.minus({ months: 1 });
  // The same number of days of last month, or all of it when it was shorter.
  const previousEnd = previousStart.plus({ days: Math.min(today.day, previousStart.daysInMonth as number) - 1 });
  const thisMonth = { from: monthStart.toISODate()!, to: today.toISODate()! };
  const previousMonth = { from: previousStart.toISODate()!, to: previousEnd.toISODate()! };

  const counters = Object.fromEntries(
    USAGE_METRICS.map((metric) => [
      metric,
      {
        thisMonth: sumDays(days.get(metric), thisMonth.from, thisMonth.to),
        lifetime: lifetime.get(metric) ?? 0,
        previousMonthToDate: sumDays(days.get(metric), previousMonth.from, previousMonth.to),
      },
    ]),
  );

  return {
    tenantId,
    timezone: zone,
    month: monthStart.toFormat('yyyy-MM'),
    asOf: asOf.toUTC().toISO()!,
    ...counters,
    storage: { ...storage, byKind: { text: storage.byKind.text.bytes, media: storage.byKind.media.bytes, other: storage.byKind.other.bytes } },
  } as UsageSummaryDto;
}

@Injectable()
export class UsageService {
  constructor(
    private readonly reader: UsageReader,
    private readonly tenantsService: TenantsService,
    private readonly storageService: StorageService,
  ) {}

  /** This month, lifetime and last month to date per metric, live, plus storage against the quota. */
  async summary(tenantId: string): Promise<UsageSummaryDto> {
    const asOf = DateTime.now();
    // Today in any time zone is within a day of today in UTC, so this range covers last month and
    // this month to date of every tenant, and the reads need not wait for the tenant's zone.
    const utcToday = asOf.toUTC();
    const from = utcToday.minus({ days: 1 }).startOf('month').minus({ months: 1 }).toISODate()!;
    const to = utcToday.plus({ days: 1 }).toISODate()!;

    // The tenant's settings and storage join the statement of the snapshots, so one round trip reads
    // them all, and the time zone applied is the one that the snapshots were written in.
    const { settled, rows } = await this.reader.settledRead(tenantId, from, to, { lifetime: true }, [
      this.tenantsService.settingsSelect(tenantId),
      this.storageService.totalsSelect(tenantId),
    ]);
    const tenant = this.tenantsService.settingsOf(tenantId, rows);
    const zone = tenant.timezone;
    const storage = this.storageService.usageOf(rows, tenant.storageQuotaBytes);
    // Unless a marker without a slot calls for raw aggregation, one statement has read the snapshots and the deltas.
    const values = settled && this.reader.addDeltas(settled, zone, from, to, { lifetime: true });
    if (values) {
      return summaryOf(tenantId, zone, asOf, values.days, values.lifetime, storage);
    }

    return this.reader.consistentRead(async (database) => {
      const pending = await this.reader.pendingDays(database, tenantId, zone);
      const days = await this.reader.dailyValues(database, tenantId, zone, from, to, pending);
      const lifetime = await this.reader.lifetimeTotals(database, tenantId, zone, pending);
      return summaryOf(tenantId, zone, asOf, days, lifetime, storage);
    });
  }

  /** Returns every period touching [from, to] in order, zeros included. */
  async timeseries(tenantId: string, query: TimeseriesQueryDto): Promise<TimeseriesDto> {
    checkDateRange(query.from, query.to);
    const unit = query.granularity;
    const { rangeStart, rangeEnd, periods } = periodBounds(query.from, query.to, unit);
    if (periods > MAX_TIMESERIES_POINTS) {
      throw new BadRequestException(
        `The range from ${query.from} to ${query.to} has ${periods} ${unit}s; at most ${MAX_TIMESERIES_POINTS} points are returned, so narrow the range or use a coarser granularity`,
      );
    }

    const { settled, rows } = await this.reader.settledRead(tenantId, rangeStart, rangeEnd, { metric: query.metric, lifetime: false }, [
      this.tenantsService.settingsSelect(tenantId),
    ]);
    const { timezone } = this.tenantsService.settingsOf(tenantId, rows);
    const values =
      (settled && this.reader.addDeltas(settled, timezone, rangeStart, rangeEnd, { lifetime: false })?.days) ??
      (await this.reader.consistentRead(async (database) => {
        const pending = await this.reader.pendingDays(database, tenantId, timezone);
        return this.reader.dailyValues(database, tenantId, timezone, rangeStart, rangeEnd, pending, query.metric);
      }));
    const days = values.get(query.metric);
    const totals = totalsByPeriod(days, datesBetween(rangeStart, rangeEnd), unit);

    return {
      metric: query.metric,
      granularity: query.granularity,
      timezone,
      from: query.from,
      to: query.to,
      points: [...totals].map(([period, value]) => ({ period, value })),
    };
  }
}
