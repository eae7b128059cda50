import { DateTime } from 'luxon';

import { demoDays, demoHistoryStartMs } from './demo-calendar';
import { isDeliberatelyInvalidCountry } from './demo-countries';
import { DemoEvent, TimedEvent } from './demo-event';
import { DEMO_TENANTS, DemoTenantProfile } from './demo-tenants';
import { SeededRandom, deriveSeed } from './seeded-random';
import { generateStorageActivity } from './storage-activity';
import { DEMO_TEXTS, generateUsageActivity } from './usage-activity';

/** Seed of the demo data; with the same seed and day, the same events come out. */
export const DEMO_SEED = 20_261_204;

/** Share of events resent on their own later, as an agent does after a lost response. */
const RESEND_SHARE = 0.002;
/** Events of the one whole batch that is resent, at scale 1. */
const RESENT_BATCH_EVENTS = 150;
/** Events from earlier months that arrive last, per tenant at scale 1. */
const LATE_EVENTS = 40;

export interface DemoWorkloadOptions {
  nowMs: number;
  /** RAW_RETENTION_DAYS; no event is older than it. */
  retentionDays: number;
  /** Multiplies every volume: 1 yields about 245,000 events over the three tenants. */
  scale?: number;
  seed?: number;
}

/** Totals that ingestion and the metrics return for one tenant once all its events are posted. */
export interface DemoTotals {
  /** Posted events, duplicates included. */
  postedEvents: number;
  /** Events with distinct ids: what ingestion accepts. */
  acceptedEvents: number;
  /** Posted events whose id was posted before. */
  duplicates: number;
  /** Posted events with a country such as `UK` that is no ISO code; each returns a warning. */
  invalidCountries: number;
  words: number;
  apiRequests: number;
  questions: number;
  /** Distinct contact ids. */
  contacts: number;
  /** Bytes of the objects not deleted, each at its latest size. */
  storageBytes: number;
}

export interface DemoTenantWorkload {
  profile: DemoTenantProfile;
  /** Events in posting order; the last `lateEvents` of them belong to earlier months and arrive late. */
  events: DemoEvent[];
  lateEvents: number;
  expected: DemoTotals;
}

/**
 * Generates the demo workload: for each demo tenant, 13 months of usage in its own time zone up to
 * `nowMs`, with a few resent and late events, and the totals that ingestion and the metrics should
 * report for it. Pure and deterministic for a seed, day and scale.
 */
export function generateDemoWorkload(options: DemoWorkloadOptions): DemoTenantWorkload[] {
  const scale = options.scale ?? 1;
  const seed = options.seed ?? DEMO_SEED;
  return DEMO_TENANTS.map((profile) => generateTenantWorkload(profile, options, scale, seed));
}

function generateTenantWorkload(profile: DemoTenantProfile, options: DemoWorkloadOptions, scale: number, seed: number): DemoTenantWorkload {
  const random = new SeededRandom(deriveSeed(seed, profile.slug));
  const fromMs = demoHistoryStartMs(options.nowMs, profile.timezone, options.retentionDays);
  const window = { days: demoDays(fromMs, options.nowMs, profile.timezone), fromMs, toMs: options.nowMs, scale };

  const history = [...generateUsageActivity(profile, window, random), ...generateStorageActivity(profile, window, random)];
  history.sort((first, second) => first.atMs - second.atMs);

  const monthStartMs = DateTime.fromMillis(options.nowMs, { zone: profile.timezone }).startOf('month').toMillis();
  const late = pickLateEvents(history, monthStartMs, Math.max(3, Math.round(LATE_EVENTS * scale)), random);
  const lateSet = new Set(late);
  const onTime = history.filter((timed) => !lateSet.has(timed)).map((timed) => timed.event);
  const events = [...withResends(onTime, scale, random), ...late.map((timed) => timed.event)];

  return { profile, events, lateEvents: late.length, expected: totalsOf(events) };
}

/**
 * Picks usage events from months before `monthStartMs` that arrive only after all others, as from
 * an agent that was offline. Contacts and storage events keep their place.
 */
function pickLateEvents(history: TimedEvent[], monthStartMs: number, count: number, random: SeededRandom): TimedEvent[] {
  const candidates = history.filter(
    (timed) => timed.atMs < monthStartMs && ['words', 'api_request', 'question'].includes(timed.event.type),
  );
  const late = new Set<TimedEvent>();
  while (late.size < Math.min(count, candidates.length)) {
    late.add(random.pick(candidates));
  }
  return [...late].sort((first, second) => first.atMs - second.atMs);
}

/**
 * Returns the events in posting order with resends mixed in: single events sent again a little
 * later, and one whole batch of recent events sent twice, as a client does after a timeout.
 */
function withResends(events: DemoEvent[], scale: number, random: SeededRandom): DemoEvent[] {
  const posted: DemoEvent[] = [];
  const batchResendIndex = Math.floor(events.length * 0.6);
  const batchSize = Math.max(5, Math.round(RESENT_BATCH_EVENTS * scale));

  events.forEach((event, index) => {
    posted.push(event);
    if (index === batchResendIndex) {
      posted.push(...events.slice(Math.max(0, index + 1 - batchSize), index + 1));
    }
    if (random.chance(RESEND_SHARE)) {
      posted.push(posted[posted.length - 1 - random.integer(0, Math.min(999, posted.length - 1))]);
    }
  });
  return posted;
}

/** Computes what ingestion and the metrics should report for events posted in this order. */
export function totalsOf(events: DemoEvent[]): DemoTotals {
  const seen = new Set<string>();
  const contacts = new Set<string>();
  const objects = new Map<string, { atMs: number; id: string; bytes: number }>();
  const textWords = new Map(DEMO_TEXTS.map(({ text, words }) => [text, words]));
  const totals: DemoTotals = {
    postedEvents: events.length,
    acceptedEvents: 0,
    duplicates: 0,
    invalidCountries: 0,
    words: 0,
    apiRequests: 0,
    questions: 0,
    contacts: 0,
    storageBytes: 0,
  };

  for (const event of events) {
    if (isDeliberatelyInvalidCountry(event.country)) totals.invalidCountries++;
    if (seen.has(event.id)) {
      totals.duplicates++;
      continue;
    }
    seen.add(event.id);
    totals.acceptedEvents++;

    switch (event.type) {
      case 'words':
        totals.words += event.text === undefined ? (event.quantity ?? 0) : (textWords.get(event.text) ?? 0);
        break;
      case 'api_request':
        totals.apiRequests += event.quantity ?? 1;
        break;
      case 'question':
        totals.questions++;
        break;
      case 'contact':
        contacts.add(event.contactId as string);
        break;
      case 'storage_put':
      case 'storage_delete': {
        // The event with the latest occurredAt wins, and the greater id breaks a tie.
        const known = objects.get(event.objectId as string);
        const version = { atMs: Date.parse(event.occurredAt), id: event.id, bytes: event.type === 'storage_put' ? (event.bytes ?? 0) : 0 };
        if (!known || version.atMs > known.atMs || (version.atMs === known.atMs && version.id > known.id)) {
          objects.set(event.objectId as string, version);
        }
        break;
      }
    }
  }

  totals.contacts = contacts.size;
  totals.storageBytes = [...objects.values()].reduce((sum, object) => sum + object.bytes, 0);
  return totals;
}
