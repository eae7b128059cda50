import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { ExportListQueryDto } from './dto/export-query.dto';
import { ExportListDto, ExportRecordDto, ExportRecordRow } from './dto/export-record.dto';
import { ExportRecord, ExportStatus } from './entities/export-record.entity';
import { ExportGranularity } from './export-rows.reader';

export interface NewExport {
  userId: string;
  tenantId: string | null;
  granularity: ExportGranularity;
  from: string | null;
  to: string | null;
}

/** The `exports` table: one record per CSV export, written when it starts and when it ends. */
@Injectable()
export class ExportRecordsService {
  constructor(@InjectRepository(ExportRecord) private readonly records: Repository<ExportRecord>) {}

  async start(input: NewExport): Promise<ExportRecord> {
    const record = this.records.create({
      userId: input.userId,
      tenantId: input.tenantId,
      granularity: input.granularity,
      rangeFrom: input.from,
      rangeTo: input.to,
      rowCount: 0,
      status: 'streaming',
      startedAtMs: Date.now(),
      finishedAtMs: null,
    });
    return this.records.save(record);
  }

  /** Sets the final status and row count; only a record that is still streaming changes. */
  async finish(id: string, status: Exclude<ExportStatus, 'streaming'>, rowCount: number): Promise<void> {
    await this.records.update({ id, status: 'streaming' }, { status, rowCount, finishedAtMs: Date.now() });
  }

  /** Lists exports newest first, `limit` at a time, starting after the export `before` when given. */
  async list(query: ExportListQueryDto): Promise<ExportListDto> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (query.before !== undefined) {
      const cursor = await this.records.findOneBy({ id: query.before });
      if (!cursor) {
        throw new BadRequestException(`before ${query.before} is not the id of an export; pass the nextBefore of the previous page, or no before for the first page`);
      }
      conditions.push('(e.started_at_ms < ? OR (e.started_at_ms = ? AND e.id < ?))');
      parameters.push(cursor.startedAtMs, cursor.startedAtMs, cursor.id);
    }

    const rows: ExportRecordRow[] = await this.records.query(
      `SELECT e.id, e.user_id, u.email AS user_email, e.tenant_id, t.name AS tenant_name, e.granularity, e.range_from, e.range_to,
              e.row_count, e.status, e.started_at_ms, e.finished_at_ms
       FROM exports e
       LEFT JOIN users u ON u.id = e.user_id
       LEFT JOIN tenants t ON t.id = e.tenant_id
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY e.started_at_ms DESC, e.id DESC
       LIMIT ${Math.trunc(query.limit) + 1}`,
      parameters,
    );

    const page = rows.slice(0, query.limit);
    return { items: page.map((row) => ExportRecordDto.from(row)), nextBefore: rows.length > query.limit ? page[page.length - 1].id : null };
  }
}
