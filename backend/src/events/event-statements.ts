import { chunk, listPlaceholders, rowPlaceholders, Statement } from '../database/sql';
import { DAY_MS, SLOT_MS, utcDayOf } from '../rollup/calendar';
import { AcceptedEvent } from './validation/event-validator';

/** Rows per INSERT statement: 12 parameters each stays under SQLite's 32,766-parameter limit. */
const ROWS_PER_STATEMENT = 1000;

/** Rows per derived table, to bound the length of its UNION ALL of one-row SELECTs. */
const DERIVED_ROWS_PER_STATEMENT = 500;

/** Rollup-marker column of each event type that counts toward a usage metric. */
const USAGE_COLUMN_OF_TYPE = { words: 'words', api_request: 'apiRequests', question: 'questions' } as const;

const EVENT_COLUMNS = [
  'tenant_id',
  'event_id',
  'type',
  'occurred_at_ms',
  'received_at_ms',
  'quantity',
  'visitor_key',
  'contact_key',
  'country',
  'object_id',
  'storage_kind',
  'bytes',
];

export type Dialect = 'sqlite' | 'mysql';

/** Events of one request, without the ids that an earlier request of the same flush claimed. */
export interface RequestEvents {
  tenantId: string;
  events: AcceptedEvent[];
}

/**
 * Statements of one flush, to run in order in one transaction. `requestOf[i]` is the index of the
 * request whose events statement `i` inserts, or -1 for the other statements. The row count of an
 * events statement is the number of that request's events that were new.
 */
export interface FlushPlan {
  statements: Statement[];
  requestOf: number[];
}

interface TenantEvent {
  tenantId: string;
  event: AcceptedEvent;
}

/** A request on MySQL whose usage markers depend on how many of its events were stored. */
interface CountedRequest {
  tenantId: string;
  deltas: SlotDelta[];
  events: number;
  /** The user variable set to the stored count right after the request's INSERT. */
  storedVariable: string;
}

/** Usage that one write added in one 15-minute slot. */
interface SlotDelta {
  slot: number;
  words: number;
  apiRequests: number;
  questions: number;
}

/** Orders storage events of one object: later occurredAt wins, and the event id breaks ties. */
export function storageVersionKey(event: AcceptedEvent): string {
  return `${String(event.occurredAtMs).padStart(15, '0')}:${event.eventId}`;
}

/**
 * Compares version keys by their UTF-8 bytes, as the binary collations of SQLite and MySQL do.
 * JavaScript's `<` compares UTF-16 code units, which order characters beyond U+FFFF differently.
 */
export function compareVersionKeys(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}

/**
 * Plans the writes of one flush: the events of each request, the rollup markers of the days they
 * touch, and the contacts and storage objects they change.
 *
 * On MySQL, a request whose usage events were all new leaves usage deltas per slot, which reads add
 * to the snapshots. A request with some duplicates cannot tell which of its events counted, so it
 * marks its days for aggregation from the raw events instead. SQLite always marks days: its one
 * connection lets a flush run between the statements of a rollup, which could then count the
 * flush's events in the snapshot and leave its deltas behind.
 *
 * Contacts and storage objects are upserted for every event, duplicates included, because both
 * upserts give the same result when an event is applied twice.
 */
export function planFlush(dialect: Dialect, requests: RequestEvents[], receivedAtMs: number): FlushPlan {
  const plan: FlushPlan = { statements: [], requestOf: [] };
  const add = (statement: Statement, request = -1) => {
    plan.statements.push(statement);
    plan.requestOf.push(request);
  };

  const counted: CountedRequest[] = [];
  requests.forEach((request, index) => {
    // Every event of a request can be claimed by an earlier request of the flush.
    if (request.events.length === 0) return;
    // EventsService accepts at most 1,000 events per request, so each request is one statement.
    add(insertEvents(dialect, request.tenantId, request.events, receivedAtMs), index);

    const deltas = usageDeltas(request.events.filter((event) => event.type in USAGE_COLUMN_OF_TYPE));
    if (deltas.length === 0) return;
    if (dialect === 'sqlite') {
      add(insertDayMarkers(request.tenantId, deltas));
      return;
    }
    // ROW_COUNT() is the number of events the INSERT above stored.
    const storedVariable = `@stored_${index}`;
    add({ sql: `SET ${storedVariable} = ROW_COUNT()`, parameters: [] });
    counted.push({ tenantId: request.tenantId, deltas, events: request.events.length, storedVariable });
  });
  for (const statement of insertCountedMarkers(counted)) add(statement);

  const all = requests.flatMap((request) => request.events.map((event) => ({ tenantId: request.tenantId, event })));
  const contacts = all.filter((item) => item.event.type === 'contact');
  const storage = all.filter((item) => item.event.type === 'storage_put' || item.event.type === 'storage_delete');

  // Storage changes no usage counter, but its markers make the rollup store the day's storage.
  for (const statement of insertStorageMarkers(storage)) add(statement);
  for (const statement of insertContactDayMarkers(contacts)) add(statement);
  // This runs before the contacts upsert, because a contact whose first capture moves earlier leaves
  // its old day, and that day's snapshot needs recomputing too.
  for (const statement of markFirstCaptureDays(dialect, contacts)) add(statement);
  for (const statement of upsertContacts(dialect, contacts)) add(statement);
  for (const statement of insertStorageVersions(dialect, storage)) add(statement);
  for (const statement of upsertStorageObjects(dialect, storage)) add(statement);
  return plan;
}

/** Sums usage events per 15-minute slot. */
function usageDeltas(events: AcceptedEvent[]): SlotDelta[] {
  const bySlot = new Map<number, SlotDelta>();
  for (const event of events) {
    const slot = Math.floor(event.occurredAtMs / SLOT_MS);
    const delta = bySlot.get(slot) ?? { slot, words: 0, apiRequests: 0, questions: 0 };
    delta[USAGE_COLUMN_OF_TYPE[event.type as keyof typeof USAGE_COLUMN_OF_TYPE]] += event.quantity;
    bySlot.set(slot, delta);
  }
  return [...bySlot.values()];
}

/**
 * Inserts, per request, its usage deltas when it stored all of its events, or day markers when it
 * stored some. Each row of the derived tables carries the request's event count and the user
 * variable with its stored count, so one statement serves every request of the flush.
 */
function insertCountedMarkers(counted: CountedRequest[]): Statement[] {
  const deltaRows = counted.flatMap((request) =>
    request.deltas.map((delta) => ({
      parameters: [request.tenantId, utcDayOf(delta.slot * SLOT_MS), delta.slot, delta.words, delta.apiRequests, delta.questions, request.events],
      storedVariable: request.storedVariable,
    })),
  );
  const dayRows = counted.flatMap((request) =>
    [...new Set(request.deltas.map((delta) => utcDayOf(delta.slot * SLOT_MS)))].map((day) => ({
      parameters: [request.tenantId, day, request.events],
      storedVariable: request.storedVariable,
    })),
  );

  const deltaColumns = 'tenant_id, utc_day, slot, words, api_requests, questions';
  const deltaStatements = chunk(deltaRows, DERIVED_ROWS_PER_STATEMENT).map((rows) => ({
    sql:
      `INSERT INTO rollup_markers (${deltaColumns}) SELECT ${deltaColumns} FROM (` +
      derivedTable(rows, ['tenant_id', 'utc_day', 'slot', 'words', 'api_requests', 'questions', 'events']) +
      ') AS deltas WHERE stored_count = events',
    parameters: rows.flatMap((row) => row.parameters),
  }));
  const dayStatements = chunk(dayRows, DERIVED_ROWS_PER_STATEMENT).map((rows) => ({
    sql:
      'INSERT INTO rollup_markers (tenant_id, utc_day) SELECT tenant_id, utc_day FROM (' +
      derivedTable(rows, ['tenant_id', 'utc_day', 'events']) +
      ') AS days WHERE stored_count > 0 AND stored_count < events',
    parameters: rows.flatMap((row) => row.parameters),
  }));
  return [...deltaStatements, ...dayStatements];
}

/** Returns `SELECT ? AS a, ? AS b, @v AS stored_count UNION ALL SELECT ?, ?, @w ...` for the rows. */
function derivedTable(rows: Array<{ storedVariable: string }>, columns: string[]): string {
  return rows
    .map((row, index) =>
      index === 0
        ? `SELECT ${columns.map((column) => `? AS ${column}`).join(', ')}, ${row.storedVariable} AS stored_count`
        : `SELECT ${listPlaceholders(columns.length)}, ${row.storedVariable}`,
    )
    .join(' UNION ALL ');
}

/** Marks the UTC days of these deltas for aggregation from the raw events. */
function insertDayMarkers(tenantId: string, deltas: SlotDelta[]): Statement {
  const days = [...new Set(deltas.map((delta) => utcDayOf(delta.slot * SLOT_MS)))];
  return { sql: `INSERT INTO rollup_markers (tenant_id, utc_day) VALUES ${rowPlaceholders(days.length, 2)}`, parameters: days.flatMap((day) => [tenantId, day]) };
}

/** Inserts empty usage deltas for the slots of storage events: they mark the days without changing a count. */
function insertStorageMarkers(events: TenantEvent[]): Statement[] {
  const markers = new Map<string, [string, number, number]>();
  for (const { tenantId, event } of events) {
    const slot = Math.floor(event.occurredAtMs / SLOT_MS);
    markers.set(`${tenantId}\u0000${slot}`, [tenantId, utcDayOf(event.occurredAtMs), slot]);
  }
  return chunk([...markers.values()], ROWS_PER_STATEMENT).map((rows) => ({
    sql: `INSERT INTO rollup_markers (tenant_id, utc_day, slot) VALUES ${rowPlaceholders(rows.length, 3)}`,
    parameters: rows.flat(),
  }));
}

function insertEvents(dialect: Dialect, tenantId: string, events: AcceptedEvent[], receivedAtMs: number): Statement {
  // INSERT IGNORE, because with ON DUPLICATE KEY UPDATE mysql2's FOUND_ROWS flag would count
  // duplicates as affected rows. Validation has already excluded the other errors IGNORE would hide.
  const insert = dialect === 'sqlite' ? 'INSERT INTO' : 'INSERT IGNORE INTO';
  const conflict = dialect === 'sqlite' ? ' ON CONFLICT (tenant_id, event_id) DO NOTHING' : '';
  const parameters: unknown[] = [];
  for (const event of events) {
    parameters.push(
      tenantId,
      event.eventId,
      event.type,
      event.occurredAtMs,
      receivedAtMs,
      event.quantity,
      event.visitorKey,
      event.contactKey,
      event.country,
      event.objectId,
      event.storageKind,
      event.bytes,
    );
  }
  return {
    sql: `${insert} usage_events (${EVENT_COLUMNS.join(', ')}) VALUES ${rowPlaceholders(events.length, EVENT_COLUMNS.length)}${conflict}`,
    parameters,
  };
}

/**
 * Marks the UTC days of contact events for a recount of their contacts, because whether a contact
 * counts, and on which day, depends on its earlier captures.
 */
function insertContactDayMarkers(events: TenantEvent[]): Statement[] {
  const markers = new Map<string, [string, number]>();
  for (const { tenantId, event } of events) {
    const day = utcDayOf(event.occurredAtMs);
    markers.set(`${tenantId}\u0000${day}`, [tenantId, day]);
  }
  return chunk([...markers.values()], ROWS_PER_STATEMENT).map((rows) => ({
    sql: `INSERT INTO rollup_markers (tenant_id, utc_day, contacts_only) VALUES ${rowPlaceholders(rows.length, 3)}`,
    parameters: rows.flatMap((row) => [...row, 1]),
  }));
}

/** Marks the UTC day of the current first capture of each known contact of these events. */
function markFirstCaptureDays(dialect: Dialect, events: TenantEvent[]): Statement[] {
  // Both dialects store first_captured_ms as a non-negative integer, so these divisions floor it.
  const day = dialect === 'sqlite' ? `first_captured_ms / ${DAY_MS}` : `first_captured_ms DIV ${DAY_MS}`;
  const keysByTenant = new Map<string, Set<string>>();
  for (const { tenantId, event } of events) {
    const keys = keysByTenant.get(tenantId) ?? new Set<string>();
    keys.add(event.contactKey as string);
    keysByTenant.set(tenantId, keys);
  }
  return [...keysByTenant].flatMap(([tenantId, keys]) =>
    chunk([...keys], ROWS_PER_STATEMENT).map((rows) => ({
      sql:
        `INSERT INTO rollup_markers (tenant_id, utc_day, contacts_only) ` +
        `SELECT tenant_id, ${day}, 1 FROM contacts WHERE tenant_id = ? AND contact_key IN (${listPlaceholders(rows.length)})`,
      parameters: [tenantId, ...rows],
    })),
  );
}

/** Records each contact's earliest capture. A later event may fill in a missing country. */
function upsertContacts(dialect: Dialect, events: TenantEvent[]): Statement[] {
  const contacts = new Map<string, { tenantId: string; contactKey: string; firstCapturedMs: number; country: string | null }>();
  for (const { tenantId, event } of [...events].sort((a, b) => a.event.occurredAtMs - b.event.occurredAtMs)) {
    const key = `${tenantId}\u0000${event.contactKey}`;
    const known = contacts.get(key);
    if (known) {
      known.country ??= event.country;
    } else {
      contacts.set(key, { tenantId, contactKey: event.contactKey as string, firstCapturedMs: event.occurredAtMs, country: event.country });
    }
  }

  const update =
    dialect === 'sqlite'
      ? `ON CONFLICT (tenant_id, contact_key) DO UPDATE SET
           first_captured_ms = MIN(contacts.first_captured_ms, excluded.first_captured_ms),
           country = COALESCE(contacts.country, excluded.country)`
      : `ON DUPLICATE KEY UPDATE
           first_captured_ms = LEAST(first_captured_ms, VALUES(first_captured_ms)),
           country = COALESCE(country, VALUES(country))`;
  return chunk([...contacts.values()], ROWS_PER_STATEMENT).map((rows) => ({
    sql: `INSERT INTO contacts (tenant_id, contact_key, first_captured_ms, country) VALUES ${rowPlaceholders(rows.length, 4)} ${update}`,
    parameters: rows.flatMap((row) => [row.tenantId, row.contactKey, row.firstCapturedMs, row.country]),
  }));
}

/** Keeps every put and delete as a version of its object; a resent event is the same version. */
function insertStorageVersions(dialect: Dialect, events: TenantEvent[]): Statement[] {
  const insert = dialect === 'sqlite' ? 'INSERT OR IGNORE INTO' : 'INSERT IGNORE INTO';
  return chunk(events, ROWS_PER_STATEMENT).map((rows) => ({
    sql: `${insert} storage_versions (tenant_id, object_id, version_key, occurred_at_ms, kind, bytes, deleted) VALUES ${rowPlaceholders(rows.length, 7)}`,
    parameters: rows.flatMap(({ tenantId, event }) => {
      const deleted = event.type === 'storage_delete';
      return [tenantId, event.objectId, storageVersionKey(event), event.occurredAtMs, event.storageKind ?? 'other', deleted ? 0 : event.bytes, deleted ? 1 : 0];
    }),
  }));
}

/** Applies puts and deletes. Per object the greatest version key wins, whatever the arrival order. */
function upsertStorageObjects(dialect: Dialect, events: TenantEvent[]): Statement[] {
  const latest = new Map<string, { tenantId: string; event: AcceptedEvent; versionKey: string }>();
  for (const { tenantId, event } of events) {
    const key = `${tenantId}\u0000${event.objectId}`;
    const versionKey = storageVersionKey(event);
    const known = latest.get(key);
    if (!known || compareVersionKeys(versionKey, known.versionKey) > 0) latest.set(key, { tenantId, event, versionKey });
  }

  const newer = 'VALUES(version_key) > version_key';
  const update =
    dialect === 'sqlite'
      ? `ON CONFLICT (tenant_id, object_id) DO UPDATE SET
           kind = excluded.kind, bytes = excluded.bytes, deleted = excluded.deleted, version_key = excluded.version_key
         WHERE excluded.version_key > storage_objects.version_key`
      : // MySQL applies the assignments left to right, so version_key must change last.
        `ON DUPLICATE KEY UPDATE
           kind = IF(${newer}, VALUES(kind), kind),
           bytes = IF(${newer}, VALUES(bytes), bytes),
           deleted = IF(${newer}, VALUES(deleted), deleted),
           version_key = IF(${newer}, VALUES(version_key), version_key)`;
  return chunk([...latest.values()], ROWS_PER_STATEMENT).map((rows) => ({
    sql: `INSERT INTO storage_objects (tenant_id, object_id, kind, bytes, deleted, version_key) VALUES ${rowPlaceholders(rows.length, 6)} ${update}`,
    parameters: rows.flatMap(({ tenantId, event, versionKey }) => {
      const deleted = event.type === 'storage_delete';
      return [tenantId, event.objectId, event.storageKind ?? 'other', deleted ? 0 : event.bytes, deleted ? 1 : 0, versionKey];
    }),
  }));
}
