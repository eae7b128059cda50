import { ApiProperty } from '@nestjs/swagger';

import { EXPORT_STATUSES, ExportStatus } from '../entities/export-record.entity';

/** Columns of a listed export, with the user's email and the tenant's name joined in. */
export interface ExportRecordRow {
  id: string;
  user_id: string;
  user_email: string | null;
  tenant_id: string | null;
  tenant_name: string | null;
  granularity: string;
  range_from: string | null;
  range_to: string | null;
  row_count: number;
  status: ExportStatus;
  started_at_ms: number;
  finished_at_ms: number | null;
}

export class ExportRecordDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The user who started the export.' })
  userId: string;

  @ApiProperty({ nullable: true, type: String, description: "The user's email; null when the user no longer exists." })
  userEmail: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for a platform-wide export of every tenant.' })
  tenantId: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Null for a platform-wide export, or when the tenant no longer exists.' })
  tenantName: string | null;

  @ApiProperty({ enum: ['day', 'month'] })
  granularity: string;

  @ApiProperty({ nullable: true, type: String, example: '2026-01-01', description: "First day; null when left to each tenant's default." })
  from: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-12-31', description: "Last day; null when left to each tenant's default." })
  to: string | null;

  @ApiProperty({ description: 'Data rows streamed, the header row not included. The last of them may not have reached the client of an aborted export.' })
  rowCount: number;

  @ApiProperty({
    enum: EXPORT_STATUSES,
    description:
      'streaming while the response is sent, then completed once it was sent in full. failed means reading the data ' +
      'failed, and aborted that the client closed the connection first.',
  })
  status: ExportStatus;

  @ApiProperty({ description: 'ISO 8601 in UTC.', example: '2026-12-04T10:15:00.000Z' })
  startedAt: string;

  @ApiProperty({ nullable: true, type: String, description: 'ISO 8601 in UTC; null while streaming.' })
  finishedAt: string | null;

  static from(row: ExportRecordRow): ExportRecordDto {
    return Object.assign(new ExportRecordDto(), {
      id: row.id,
      userId: row.user_id,
      userEmail: row.user_email,
      tenantId: row.tenant_id,
      tenantName: row.tenant_name,
      granularity: row.granularity,
      from: row.range_from,
      to: row.range_to,
      rowCount: Number(row.row_count),
      status: row.status,
      startedAt: new Date(Number(row.started_at_ms)).toISOString(),
      finishedAt: row.finished_at_ms === null ? null : new Date(Number(row.finished_at_ms)).toISOString(),
    });
  }
}

export class ExportListDto {
  @ApiProperty({ type: [ExportRecordDto], description: 'Newest first.' })
  items: ExportRecordDto[];

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Pass as before for the next page; null on the last page.' })
  nextBefore: string | null;
}
