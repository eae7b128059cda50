import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';

import { chunk, listPlaceholders, rowPlaceholders } from '../database/sql';
import { STORAGE_KINDS, StorageKind } from '../events/entities/usage-event.entity';
import { compareVersionKeys } from '../events/event-statements';
import { storageByKind, storageTotalsSelect } from '../storage/storage.service';
import { consecutiveRuns, localDateOfSlot, localDayWindow, SLOT_MS } from './calendar';

interface VersionRow {
  object_id: string;
  version_key: string;
  occurred_at_ms: number | string;
  kind: StorageKind;
  bytes: number | string;
  deleted: number | boolean;
}

type KindTotals = Record<StorageKind, number>;

/** Adds the bytes of one version to its kind's total, or subtracts them with `sign` -1. A delete has none. */
function addVersion(totals: KindTotals, version: VersionRow | undefined, sign: 1 | -1): void {
  if (!version || Number(version.deleted)) return;
  totals[version.kind] += sign * Number(version.bytes);
}

/** Returns a key that sorts before every version at or after an instant, because keys start with 15 digits of milliseconds. */
function versionKeyAt(epochMs: number): string {
  return String(epochMs).padStart(15, '0');
}

function byVersion(left: VersionRow, right: VersionRow): number {
  return compareVersionKeys(left.version_key, right.version_key);
}

/**
 * Rewrites the tenant's end-of-day storage per kind, from the first of `days` with a put or delete
 * to its latest version. Only days with a change get a record: readers carry the figure of the
 * latest recorded day forward. A late event for a past day therefore rewrites that day and every
 * recorded day after it. Returns the number of days written.
 *
 * Every version of an object at or after the first day is retained, and so is the newest before it,
 * because pruning keeps that one version per object beyond the raw-event cutoff. Callers pass only
 * days that are still retained. Days before the first whole day after `historyFromMs` are never
 * rewritten.
 */
export async function rewriteStorageDays(manager: EntityManager, tenantId: string, zone: string, days: string[], historyFromMs: number): Promise<number> {
  const firstMs = await firstChangeMs(manager, tenantId, zone, days);
  if (firstMs === undefined) return 0;

  // Before the history starts, an object's earlier state may be unknown, so those days keep their records.
  let fromDay = localDateOfSlot(Math.floor(firstMs / SLOT_MS), zone);
  if (localDayWindow(fromDay, zone).startMs < historyFromMs) {
    fromDay = DateTime.fromMillis(historyFromMs, { zone }).plus({ days: 1 }).toISODate() as string;
  }
  const fromMs = localDayWindow(fromDay, zone).startMs;
  const changes: VersionRow[] = await manager.query(
    'SELECT object_id, version_key, occurred_at_ms, kind, bytes, deleted FROM storage_versions WHERE tenant_id = ? AND occurred_at_ms >= ?',
    [tenantId, fromMs],
  );
  changes.sort(byVersion);

  const states = await statesBefore(manager, tenantId, [...new Set(changes.map((change) => change.object_id))], versionKeyAt(fromMs));
  const totals = await currentTotals(manager, tenantId);
  // The current totals, less the changed objects' current sizes, plus their sizes when the first day began.
  const latest = new Map<string, VersionRow>();
  for (const change of changes) latest.set(change.object_id, change);
  for (const [objectId, version] of latest) {
    addVersion(totals, version, -1);
    addVersion(totals, states.get(objectId), 1);
  }

  const rows: unknown[][] = [];
  for (let index = 0; index < changes.length; ) {
    const day = localDateOfSlot(Math.floor(Number(changes[index].occurred_at_ms) / SLOT_MS), zone);
    const endMs = localDayWindow(day, zone).endMs;
    for (; index < changes.length && Number(changes[index].occurred_at_ms) < endMs; index++) {
      const change = changes[index];
      addVersion(totals, states.get(change.object_id), -1);
      addVersion(totals, change, 1);
      states.set(change.object_id, change);
    }
    for (const kind of STORAGE_KINDS) rows.push([tenantId, day, kind, totals[kind]]);
  }

  await manager.query('DELETE FROM storage_daily WHERE tenant_id = ? AND day >= ?', [tenantId, fromDay]);
  for (const group of chunk(rows, 500)) {
    await manager.query(`INSERT INTO storage_daily (tenant_id, day, kind, bytes) VALUES ${rowPlaceholders(group.length, 4)}`, group.flat());
  }
  return rows.length / STORAGE_KINDS.length;
}

/** Returns when the first put or delete within the given local days happened, if any did. */
async function firstChangeMs(manager: EntityManager, tenantId: string, zone: string, days: string[]): Promise<number | undefined> {
  for (const run of consecutiveRuns([...days].sort())) {
    const [row]: Array<{ first: number | string | null }> = await manager.query(
      'SELECT MIN(occurred_at_ms) AS first FROM storage_versions WHERE tenant_id = ? AND occurred_at_ms >= ? AND occurred_at_ms < ?',
      [tenantId, localDayWindow(run[0], zone).startMs, localDayWindow(run[run.length - 1], zone).endMs],
    );
    if (row?.first !== null && row?.first !== undefined) return Number(row.first);
  }
  return undefined;
}

/** Returns each object's newest version before `versionKey`; objects without one did not exist yet. */
async function statesBefore(manager: EntityManager, tenantId: string, objectIds: string[], versionKey: string): Promise<Map<string, VersionRow>> {
  const states = new Map<string, VersionRow>();
  for (const group of chunk(objectIds, 500)) {
    const rows: VersionRow[] = await manager.query(
      `SELECT object_id, version_key, occurred_at_ms, kind, bytes, deleted FROM storage_versions
       WHERE tenant_id = ? AND object_id IN (${listPlaceholders(group.length)}) AND version_key < ?`,
      [tenantId, ...group, versionKey],
    );
    for (const row of rows) {
      const known = states.get(row.object_id);
      if (!known || byVersion(row, known) > 0) states.set(row.object_id, row);
    }
  }
  return states;
}

async function currentTotals(manager: EntityManager, tenantId: string): Promise<KindTotals> {
  const { sql, parameters } = storageTotalsSelect(tenantId);
  const byKind = storageByKind(await manager.query(sql, parameters));
  return Object.fromEntries(STORAGE_KINDS.map((kind) => [kind, byKind[kind].bytes])) as KindTotals;
}
