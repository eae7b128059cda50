import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { Statement, UnionRow } from '../database/sql';
import { STORAGE_KINDS, StorageKind } from '../events/entities/usage-event.entity';

export interface StorageUsage {
  usedBytes: number;
  quotaBytes: number;
  percentUsed: number;
  byKind: Record<StorageKind, { bytes: number; objects: number }>;
}

/** usedBytes / quotaBytes in percent with two decimals; 0 quota counts as full once anything is stored. */
export function percentOf(usedBytes: number, quotaBytes: number): number {
  if (quotaBytes <= 0) return usedBytes > 0 ? 100 : 0;
  return Math.round((usedBytes / quotaBytes) * 10_000) / 100;
}

/** Returns the SELECT of a combined read that selects bytes (value) and live objects (detail) per kind. */
export function storageTotalsSelect(tenantId: string): Statement {
  return {
    sql: `SELECT 'storage' AS source, kind AS name, COUNT(*) AS detail, SUM(bytes) AS value FROM storage_objects
          WHERE tenant_id = ? AND deleted = 0 GROUP BY kind`,
    parameters: [tenantId],
  };
}

/** Returns bytes and live objects per kind from the rows that `storageTotalsSelect` read. */
export function storageByKind(rows: UnionRow[]): StorageUsage['byKind'] {
  const byKind = Object.fromEntries(STORAGE_KINDS.map((kind) => [kind, { bytes: 0, objects: 0 }])) as StorageUsage['byKind'];
  for (const row of rows) {
    if (row.source === 'storage') byKind[row.name as StorageKind] = { bytes: Number(row.value), objects: Number(row.detail) };
  }
  return byKind;
}

@Injectable()
export class StorageService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Current storage of a tenant from its live objects (deleted ones are tombstones with 0 bytes). */
  async usage(tenantId: string, quotaBytes: number, database: DataSource | EntityManager = this.dataSource): Promise<StorageUsage> {
    const branch = this.totalsSelect(tenantId);
    return this.usageOf(await database.query(branch.sql, branch.parameters), quotaBytes);
  }

  /** Returns the SELECT of a combined read that selects bytes (value) and live objects (detail) per kind. */
  totalsSelect(tenantId: string): Statement {
    return storageTotalsSelect(tenantId);
  }

  /** Builds the storage usage from the rows that `totalsSelect` read. */
  usageOf(rows: UnionRow[], quotaBytes: number): StorageUsage {
    const byKind = storageByKind(rows);
    const usedBytes = STORAGE_KINDS.reduce((sum, kind) => sum + byKind[kind].bytes, 0);
    return { usedBytes, quotaBytes, percentUsed: percentOf(usedBytes, quotaBytes), byKind };
  }

  /** End-of-day storage in bytes, all kinds together, for each day from `from` to `to` that has a storage_daily record. */
  async endOfDayTotals(database: DataSource | EntityManager, tenantId: string, from: string, to: string): Promise<Map<string, number>> {
    const rows: Array<{ day: string; bytes: number }> = await database.query(
      'SELECT day, SUM(bytes) AS bytes FROM storage_daily WHERE tenant_id = ? AND day >= ? AND day <= ? GROUP BY day',
      [tenantId, from, to],
    );
    return new Map(rows.map((row) => [row.day, Number(row.bytes)]));
  }

  /** End-of-day storage in bytes of the latest recorded day before `day`, or 0 when no earlier day has a record. */
  async endOfDayTotalBefore(database: DataSource | EntityManager, tenantId: string, day: string): Promise<number> {
    const [row]: Array<{ bytes: number | null }> = await database.query(
      `SELECT SUM(bytes) AS bytes FROM storage_daily
       WHERE tenant_id = ? AND day = (SELECT MAX(day) FROM storage_daily WHERE tenant_id = ? AND day < ?)`,
      [tenantId, tenantId, day],
    );
    return Number(row?.bytes ?? 0);
  }

  /** Returns the first day with a storage_daily record, or undefined when there is none. */
  async firstRecordedDay(database: DataSource | EntityManager, tenantId: string): Promise<string | undefined> {
    const [row]: Array<{ day: string | null }> = await database.query('SELECT MIN(day) AS day FROM storage_daily WHERE tenant_id = ?', [tenantId]);
    return row?.day ?? undefined;
  }

  /** Returns the largest live objects of a tenant, biggest first. */
  async largest(tenantId: string, limit = 10): Promise<Array<{ objectId: string; kind: StorageKind; bytes: number }>> {
    const rows: Array<{ object_id: string; kind: StorageKind; bytes: number }> = await this.dataSource.query(
      `SELECT object_id, kind, bytes FROM storage_objects WHERE tenant_id = ? AND deleted = 0
       ORDER BY bytes DESC, object_id ASC LIMIT ${Math.trunc(limit)}`,
      [tenantId],
    );
    return rows.map((row) => ({ objectId: row.object_id, kind: row.kind, bytes: Number(row.bytes) }));
  }
}
