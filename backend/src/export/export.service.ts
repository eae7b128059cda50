import { Injectable, Logger } from '@nestjs/common';
import { ServerResponse } from 'node:http';
import { finished, Readable } from 'node:stream';

import { TenantsService } from '../tenants/tenants.service';
import { CsvFormatter, ExportFileName, exportFileName, PeriodRow, PLATFORM_COLUMNS, TENANT_COLUMNS } from './csv-format';
import { ExportQueryDto } from './dto/export-query.dto';
import { ExportRecord, ExportStatus } from './entities/export-record.entity';
import { checkRequestedRange, DateRange, todayIn } from './export-range';
import { ExportRecordsService } from './export-records.service';
import { ExportGranularity, ExportRowsReader, ExportTenant, WindowRead } from './export-rows.reader';

/** Tenants read at a time by the platform-wide export. */
const TENANTS_PER_PAGE = 100;

/** The zone whose date is the latest on Earth (UTC+14): no tenant's today is later than its today. */
const LATEST_ZONE = 'Pacific/Kiritimati';

/** Rows of one tenant and the text cells that every one of them starts with. */
interface Page {
  leadingCells: string[];
  rows: PeriodRow[];
}

/** A CSV export that is ready to stream: its first page has been read, the rest follows as the consumer takes it. */
export interface CsvDownload {
  fileName: ExportFileName;
  /** CSV bytes, read from the database only as fast as the consumer takes them. */
  stream: Readable;
  /** Records the export as completed when the response has been sent in full, or as aborted when it closed first. */
  trackResponse(response: ServerResponse): void;
}

/**
 * Streams usage as CSV, for one tenant or for every tenant, and records each export with its
 * outcome. Bad ranges are rejected before anything is recorded or sent.
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger(ExportService.name);

  constructor(
    private readonly tenantsService: TenantsService,
    private readonly rowsReader: ExportRowsReader,
    private readonly records: ExportRecordsService,
  ) {}

  /** Checks the request and returns the file name, without recording or streaming anything (for HEAD). */
  async tenantFileName(tenantId: string, query: ExportQueryDto): Promise<ExportFileName> {
    return (await this.planTenantExport(tenantId, query)).fileName;
  }

  async exportTenant(userId: string, tenantId: string, query: ExportQueryDto): Promise<CsvDownload> {
    const { tenant, range, fileName } = await this.planTenantExport(tenantId, query);

    const record = await this.records.start({ userId, tenantId, granularity: query.granularity, from: range.from, to: range.to });
    return this.download(record, fileName, TENANT_COLUMNS, query.bom, this.tenantPages(tenant, range, query.granularity));
  }

  /** Checks the request and returns the file name, without recording or streaming anything (for HEAD). */
  platformFileName(query: ExportQueryDto): ExportFileName {
    checkRequestedRange(query, todayIn(LATEST_ZONE));
    return exportFileName('all-tenants', query.from, query.to ?? todayIn('UTC'));
  }

  /** Exports every tenant, ordered by name then id, each in its own time zone and with its own default range. */
  async exportPlatform(userId: string, query: ExportQueryDto): Promise<CsvDownload> {
    const fileName = this.platformFileName(query);

    const record = await this.records.start({ userId, tenantId: null, granularity: query.granularity, from: query.from ?? null, to: query.to ?? null });
    return this.download(record, fileName, PLATFORM_COLUMNS, query.bom, this.platformPages(query));
  }

  private async planTenantExport(tenantId: string, query: ExportQueryDto): Promise<{ tenant: ExportTenant; range: DateRange; fileName: ExportFileName }> {
    const tenant = await this.tenantsService.findOne(tenantId);
    checkRequestedRange(query, todayIn(tenant.timezone));
    const range = await this.rowsReader.resolveRange(tenant, query);
    return { tenant, range, fileName: exportFileName(tenant.name, range.from, range.to) };
  }

  private async *tenantPages(tenant: ExportTenant, range: DateRange, unit: ExportGranularity): AsyncGenerator<Page> {
    async function* reads(windowReads: WindowRead[]): AsyncGenerator<WindowRead> {
      yield* windowReads;
    }

    for await (const page of this.rowsReader.pages(reads(this.rowsReader.windowReads(tenant, range, unit)))) {
      yield { leadingCells: [], rows: page.rows };
    }
  }

  private async *platformPages(query: ExportQueryDto): AsyncGenerator<Page> {
    for await (const page of this.rowsReader.pages(this.platformReads(query))) {
      yield { leadingCells: [page.tenant.id, page.tenant.name], rows: page.rows };
    }
  }

  /** Yields the window reads of every tenant in order; a tenant's default range is resolved when its turn comes. */
  private async *platformReads(query: ExportQueryDto): AsyncGenerator<WindowRead> {
    for await (const tenant of this.tenantsByName()) {
      const range = await this.rowsReader.resolveRange(tenant, query);
      yield* this.rowsReader.windowReads(tenant, range, query.granularity);
    }
  }

  /**
   * Yields every tenant, TENANTS_PER_PAGE at a time.
   * NOTE: a tenant renamed while the export runs can be skipped or exported twice, as its place in the order moves.
   */
  private async *tenantsByName(): AsyncGenerator<ExportTenant> {
    let last: ExportTenant | undefined;
    for (;;) {
      const page = await this.tenantsService.listPage(last, TENANTS_PER_PAGE);
      yield* page;
      if (page.length < TENANTS_PER_PAGE) return;
      last = page[page.length - 1];
    }
  }

  /**
   * Formats pages of rows as CSV and counts them. The first page is read before anything is sent,
   * so that a failure there becomes an ordinary error response. The outcome is recorded once:
   * failed when reading throws (later failures cut the response off), otherwise completed or
   * aborted by the response.
   */
  private async download(
    record: ExportRecord,
    fileName: ExportFileName,
    columns: string[],
    bom: boolean,
    pages: AsyncIterable<Page>,
  ): Promise<CsvDownload> {
    const startedAt = Date.now();
    const ids = { exportId: record.id, userId: record.userId, tenantId: record.tenantId };
    const formatter = new CsvFormatter(columns, bom);
    let rowCount = 0;
    let outcome: ExportStatus = 'streaming';

    const settle = (status: Exclude<ExportStatus, 'streaming'>, error?: unknown): void => {
      if (outcome !== 'streaming') return;
      outcome = status;

      const fields = { ...ids, rows: rowCount, durationMs: Date.now() - startedAt };
      if (status === 'completed') this.logger.log(fields, 'Finished CSV export');
      if (status === 'aborted') this.logger.warn(fields, 'Client closed the connection before the CSV export ended');
      if (status === 'failed') this.logger.error({ ...fields, err: error }, 'CSV export failed while reading usage');

      this.records.finish(record.id, status, rowCount).catch((finishError: unknown) => {
        this.logger.error({ ...ids, err: finishError }, 'Failed to record the end of a CSV export');
      });
    };

    async function* csvChunks(): AsyncGenerator<string> {
      try {
        let header = formatter.header();
        for await (const page of pages) {
          rowCount += page.rows.length;
          yield header + formatter.lines(page.leadingCells, page.rows);
          header = '';
        }
        if (header !== '') yield header;
      } catch (error) {
        settle('failed', error);
        throw error;
      }
    }

    this.logger.log({ ...ids, from: record.rangeFrom, to: record.rangeTo, granularity: record.granularity }, 'Started CSV export');
    const remaining = csvChunks();
    const first = await remaining.next();
    async function* allChunks(): AsyncGenerator<string> {
      if (first.done) return;
      yield first.value;
      yield* remaining;
    }

    return {
      fileName,
      // A byte stream pulls the next page only when its buffer has room; an error destroys it, which ends the response.
      stream: Readable.from(allChunks(), { objectMode: false }),
      trackResponse: (response) => finished(response, (error) => settle(error ? 'aborted' : 'completed')),
    };
  }
}
