import { Injectable } from '@nestjs/common';

import { datesBetween } from '../rollup/calendar';
import { StorageService } from '../storage/storage.service';
import { USAGE_METRICS } from '../usage/entities/usage-daily.entity';
import { periodBounds, totalsByPeriod } from '../usage/usage-periods';
import { DayValues, UsageReader } from '../usage/usage-reader';
import { PeriodRow } from './csv-format';
import { storageByPeriod } from './end-of-day-storage';
import { DateRange, PAGE_MONTHS, pageWindows, RequestedRange, resolveRange, todayIn } from './export-range';
import { readAhead } from './read-ahead';

export type ExportGranularity = 'day' | 'month';

/** Windows read at once by an export; on MySQL each read uses one pooled connection while it runs. */
const READ_AHEAD = 4;

/** Lists of dates kept for reuse by one export; ten years are six windows of PAGE_MONTHS. */
const MAX_CACHED_WINDOWS = 16;

/** The result of one window read: the values of its days and what turning them into rows needs. */
interface WindowData {
  tenant: ExportTenant;
  window: DateRange;
  unit: ExportGranularity;
  /** The tenant's today (YYYY-MM-DD); later days show no storage. */
  today: string;
  days: DayValues;
  storage: Map<string, number>;
  /** End-of-day storage in force before the window; read for a tenant's first window only. */
  storageBefore?: number;
}

/** A read of one window, started when called. */
export type WindowRead = () => Promise<WindowData>;

/** The fields of a tenant that an export reads. */
export interface ExportTenant {
  id: string;
  name: string;
  timezone: string;
}

/**
 * Reads the rows of a usage export through the same UsageReader as the timeseries endpoint, so that
 * both give the same numbers: snapshots for settled days, live aggregates for pending ones.
 */
@Injectable()
export class ExportRowsReader {
  constructor(
    private readonly usageReader: UsageReader,
    private readonly storageService: StorageService,
  ) {}

  /** Fills in the dates the caller left out, with the tenant's today and its first day with data. */
  async resolveRange(tenant: ExportTenant, requested: RequestedRange): Promise<DateRange> {
    const today = todayIn(tenant.timezone);
    if (requested.from !== undefined) return resolveRange(requested, today, undefined);

    const firstDataDay = await this.usageReader.consistentRead(async (database) => {
      const pending = await this.usageReader.pendingDays(database, tenant.id, tenant.timezone);
      const usage = await this.usageReader.firstDay(database, tenant.id, pending);
      const storage = await this.storageService.firstRecordedDay(database, tenant.id);
      return [usage, storage].filter((day): day is string => day !== undefined).sort()[0];
    });
    return resolveRange(requested, today, firstDataDay);
  }

  /**
   * Lists the reads of a tenant's range, one per page of PAGE_MONTHS months. Nothing is read until
   * a read is called.
   */
  windowReads(tenant: ExportTenant, range: DateRange, unit: ExportGranularity): WindowRead[] {
    const { rangeStart, rangeEnd } = periodBounds(range.from, range.to, unit);
    const today = todayIn(tenant.timezone);
    return pageWindows(rangeStart, rangeEnd, PAGE_MONTHS).map((window, index) => () => this.readWindow(tenant, window, unit, today, index === 0));
  }

  /**
   * Yields the rows of every window in order: one row per day or month touching the range, zeros
   * included. Up to READ_AHEAD windows are read at once, each in one consistent read, so database
   * time overlaps with the consumer's work. Memory keeps READ_AHEAD pages and the consumer's, whatever the range.
   */
  async *pages(reads: AsyncIterable<WindowRead>): AsyncGenerator<{ tenant: ExportTenant; rows: PeriodRow[] }> {
    let storageBefore = 0;
    // Tenants of a platform export mostly share their windows, so each list of dates is built once.
    const datesOfWindow = new Map<string, string[]>();
    for await (const page of readAhead(reads, READ_AHEAD)) {
      const windowKey = `${page.window.from}_${page.window.to}`;
      const dates = datesOfWindow.get(windowKey) ?? datesBetween(page.window.from, page.window.to);
      if (datesOfWindow.size >= MAX_CACHED_WINDOWS) datesOfWindow.clear();
      datesOfWindow.set(windowKey, dates);

      const [words, apiRequests, questions, contacts] = USAGE_METRICS.map((metric) => totalsByPeriod(page.days.get(metric), dates, page.unit));
      const storage = storageByPeriod(page.storage, page.storageBefore ?? storageBefore, dates, page.unit, page.today);
      storageBefore = storage.carried;

      const rows: PeriodRow[] = [];
      for (const [period, wordCount] of words) {
        rows.push([
          period,
          wordCount,
          apiRequests.get(period) ?? 0,
          questions.get(period) ?? 0,
          contacts.get(period) ?? 0,
          storage.values.get(period) ?? 0,
        ]);
      }
      yield { tenant: page.tenant, rows };
    }
  }

  /** Reads the daily values and end-of-day storage of one window; the storage before it only for a tenant's first window. */
  private readWindow(tenant: ExportTenant, window: DateRange, unit: ExportGranularity, today: string, first: boolean): Promise<WindowData> {
    return this.usageReader.consistentRead(async (database) => {
      const pending = await this.usageReader.pendingDays(database, tenant.id, tenant.timezone);
      const days = await this.usageReader.dailyValues(database, tenant.id, tenant.timezone, window.from, window.to, pending);
      const storage = await this.storageService.endOfDayTotals(database, tenant.id, window.from, window.to);
      const storageBefore = first ? await this.storageService.endOfDayTotalBefore(database, tenant.id, window.from) : undefined;
      return { tenant, window, unit, today, days, storage, storageBefore };
    });
  }
}
