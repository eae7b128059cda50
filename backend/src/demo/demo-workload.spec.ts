import { DateTime } from 'luxon';

import { checkEvent, MAX_TEXT_PER_REQUEST } from '../events/validation/event-validator';
import { isCountryCode } from '../events/validation/country';
import { countWords } from '../events/validation/word-count';
import { DemoEvent } from './demo-event';
import { DEMO_SEED, DemoTenantWorkload, generateDemoWorkload } from './demo-workload';
import { DEMO_TEXTS } from './usage-activity';

const NOW_MS = Date.parse('2026-12-04T15:30:00Z');
const RETENTION_DAYS = 400;
const DAY_MS = 86_400_000;

/** Counts items per key. */
function countBy<T>(items: T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

function firstOccurrences(events: DemoEvent[]): DemoEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.id) && seen.add(event.id));
}

function timeRange(events: DemoEvent[]): { oldestMs: number; newestMs: number } {
  let oldestMs = Infinity;
  let newestMs = -Infinity;
  for (const event of events) {
    oldestMs = Math.min(oldestMs, Date.parse(event.occurredAt));
    newestMs = Math.max(newestMs, Date.parse(event.occurredAt));
  }
  return { oldestMs, newestMs };
}

/** UTC offsets in minutes by zone and UTC hour; offsets change only on the hour, so luxon runs once per hour. */
const offsets = new Map<string, number>();

/** Returns the local date (YYYY-MM-DD), month, hour and ISO weekday of an event in a time zone. */
function localTime(event: DemoEvent, zone: string): { date: string; month: string; hour: number; weekday: number } {
  const atMs = Date.parse(event.occurredAt);
  const key = `${zone} ${Math.floor(atMs / 3_600_000)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = DateTime.fromMillis(atMs, { zone }).offset;
    offsets.set(key, offset);
  }

  const local = new Date(atMs + offset * 60_000);
  const date = local.toISOString().slice(0, 10);
  return { date, month: date.slice(0, 7), hour: local.getUTCHours(), weekday: local.getUTCDay() || 7 };
}

/** Average events per local date, over the ISO weekdays that `includeWeekday` selects. */
function averagePerDate(events: DemoEvent[], zone: string, includeWeekday: (weekday: number) => boolean): number {
  const perDate = new Map<string, number>();
  for (const event of events) {
    const { date, weekday } = localTime(event, zone);
    if (includeWeekday(weekday)) perDate.set(date, (perDate.get(date) ?? 0) + 1);
  }
  return [...perDate.values()].reduce((total, count) => total + count, 0) / perDate.size;
}

/**
 * Recomputes the totals from the events with a separate implementation: first occurrence of each id
 * counts, contacts once per id, and per storage object the latest occurredAt wins.
 */
function recomputeTotals(events: DemoEvent[]) {
  const unique = firstOccurrences(events);
  const ofType = (type: string) => unique.filter((event) => event.type === type);
  const wordsOfText = new Map(DEMO_TEXTS.map(({ text }) => [text, countWords(text)]));

  const latestByObject = new Map<string, DemoEvent>();
  const storageEvents = [...ofType('storage_put'), ...ofType('storage_delete')];
  storageEvents.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.id < b.id ? -1 : 1));
  for (const event of storageEvents) {
    latestByObject.set(event.objectId as string, event);
  }

  return {
    acceptedEvents: unique.length,
    duplicates: events.length - unique.length,
    words: ofType('words').reduce((total, event) => total + (event.text === undefined ? (event.quantity as number) : (wordsOfText.get(event.text) as number)), 0),
    apiRequests: ofType('api_request').reduce((total, event) => total + (event.quantity as number), 0),
    questions: ofType('question').length,
    contacts: new Set(ofType('contact').map((event) => event.contactId)).size,
    storageBytes: [...latestByObject.values()].reduce((total, event) => total + (event.type === 'storage_put' ? (event.bytes as number) : 0), 0),
  };
}

describe('demo workload', () => {
  let workload: DemoTenantWorkload[];

  beforeAll(() => {
    workload = generateDemoWorkload({ nowMs: NOW_MS, retentionDays: RETENTION_DAYS });
  });

  it('has three tenants in three time zones', () => {
    expect(workload.map((tenant) => tenant.profile.timezone)).toEqual(['America/New_York', 'Europe/Berlin', 'Asia/Kolkata']);
    expect(new Set(workload.map((tenant) => tenant.profile.adminEmail)).size).toBe(3);
  });

  it('posts 100k to 300k events in all', () => {
    const posted = workload.reduce((total, tenant) => total + tenant.events.length, 0);

    expect(posted).toBeGreaterThanOrEqual(100_000);
    expect(posted).toBeLessThanOrEqual(300_000);
  });

  it('covers 13 months in each zone', () => {
    for (const { profile, events } of workload) {
      const zone = profile.timezone;
      const months = new Set(events.map((event) => localTime(event, zone).month));
      const expectedMonths = Array.from({ length: 14 }, (_unused, back) => DateTime.fromMillis(NOW_MS, { zone }).minus({ months: back }).toFormat('yyyy-MM'));
      const { oldestMs, newestMs } = timeRange(events);
      const thirteenMonthsAgo = DateTime.fromMillis(NOW_MS, { zone }).minus({ months: 13 }).startOf('day');

      expect({ zone, months: [...months].sort() }).toEqual({ zone, months: expectedMonths.sort() });
      expect(oldestMs).toBeGreaterThanOrEqual(thirteenMonthsAgo.toMillis());
      expect(oldestMs).toBeLessThan(thirteenMonthsAgo.plus({ days: 3 }).toMillis());
      expect(newestMs).toBeLessThanOrEqual(NOW_MS);
    }
  });

  it.each(['2026-03-08T07:30:00Z', '2026-10-25T00:30:00Z', '2028-02-29T23:59:00Z', '2027-01-31T12:00:00Z'])('covers 13 months up to %s', (now) => {
    const nowMs = Date.parse(now);
    const small = generateDemoWorkload({ nowMs, retentionDays: RETENTION_DAYS, scale: 0.05 });

    for (const { profile, events } of small) {
      const zone = profile.timezone;
      const months = new Set(events.map((event) => localTime(event, zone).month));
      const context = { nowMs, retentionDays: RETENTION_DAYS, textBudget: MAX_TEXT_PER_REQUEST };
      const invalid = events.filter((event) => !checkEvent(event, { ...context }).valid);

      const pastMonths = Array.from({ length: 13 }, (_unused, back) => DateTime.fromMillis(nowMs, { zone }).minus({ months: back + 1 }).toFormat('yyyy-MM'));
      const thisMonth = DateTime.fromMillis(nowMs, { zone }).toFormat('yyyy-MM');

      // This month may still be empty when it began minutes ago.
      expect({ zone, missing: pastMonths.filter((month) => !months.has(month)) }).toEqual({ zone, missing: [] });
      expect({ zone, extra: [...months].filter((month) => month !== thisMonth && !pastMonths.includes(month)) }).toEqual({ zone, extra: [] });
      expect(invalid).toEqual([]);
    }
  });

  it('stays inside a short retention', () => {
    const shortRetention = generateDemoWorkload({ nowMs: NOW_MS, retentionDays: 30, scale: 0.05 });

    for (const { events } of shortRetention) {
      const { oldestMs } = timeRange(events);

      expect(oldestMs).toBeGreaterThanOrEqual(NOW_MS - 29 * DAY_MS);
      expect(events.length).toBeGreaterThan(0);
    }
  });

  it('passes the ingestion rules', () => {
    for (const { events } of workload) {
      const context = { nowMs: NOW_MS, retentionDays: RETENTION_DAYS, textBudget: MAX_TEXT_PER_REQUEST };
      const invalid = events
        .map((event) => ({ id: event.id, check: checkEvent(event, { ...context }) }))
        .filter(({ check }) => !check.valid);

      expect(invalid).toEqual([]);
    }
  });

  it('is busier on weekdays than on weekends', () => {
    for (const { profile, events } of workload) {
      const zone = profile.timezone;
      const weekday = averagePerDate(events, zone, (day) => day <= 5);
      const saturday = averagePerDate(events, zone, (day) => day === 6);
      const sunday = averagePerDate(events, zone, (day) => day === 7);

      expect({ zone, weekdayOverSaturday: weekday > saturday * 1.2 }).toEqual({ zone, weekdayOverSaturday: true });
      expect({ zone, weekdayOverSunday: weekday > sunday * 1.2 }).toEqual({ zone, weekdayOverSunday: true });
    }
  });

  it('asks most questions in local daytime', () => {
    for (const { profile, events } of workload) {
      const hours = countBy(events.filter((event) => event.type === 'question'), (event) => String(localTime(event, profile.timezone).hour));
      const perHour = (from: number, to: number) => {
        let total = 0;
        for (let hour = from; hour < to; hour++) total += hours.get(String(hour)) ?? 0;
        return total / (to - from);
      };

      expect({ zone: profile.timezone, daytimeOverNight: perHour(9, 17) > perHour(0, 6) * 5 }).toEqual({ zone: profile.timezone, daytimeOverNight: true });
    }
  });

  it('grows with a launch spike in month 4', () => {
    for (const { profile, events } of workload) {
      const zone = profile.timezone;
      const startMs = DateTime.fromMillis(NOW_MS, { zone }).minus({ months: 13 }).startOf('day').toMillis();
      // 30-day windows from the start of the history; window 3 contains days 90 to 119.
      const windows = countBy(firstOccurrences(events), (event) => String(Math.floor((Date.parse(event.occurredAt) - startMs) / (30 * DAY_MS))));
      const perWindow = (index: number) => windows.get(String(index)) ?? 0;
      const lastFullWindow = Math.floor((NOW_MS - startMs) / (30 * DAY_MS)) - 1;

      expect({ zone, spikeOverBefore: perWindow(3) > perWindow(2) * 1.5 }).toEqual({ zone, spikeOverBefore: true });
      expect({ zone, spikeOverAfter: perWindow(3) > perWindow(4) * 1.1 }).toEqual({ zone, spikeOverAfter: true });
      expect({ zone, grown: perWindow(lastFullWindow) > perWindow(0) * 3 }).toEqual({ zone, grown: true });
    }
  });

  it('mixes countries like web traffic', () => {
    for (const { profile, events } of workload) {
      const questions = events.filter((event) => event.type === 'question');
      const countries = countBy(questions, (event) => event.country ?? 'unknown');
      const ranked = [...countries].sort((a, b) => b[1] - a[1]).map(([country]) => country);
      const valid = ranked.filter((country) => isCountryCode(country));

      expect({ tenant: profile.slug, usInTopThree: ranked.slice(0, 3).includes('US') }).toEqual({ tenant: profile.slug, usInTopThree: true });
      expect(valid.length).toBeGreaterThanOrEqual(30);
      expect(countries.get('unknown')).toBeGreaterThan(0);
      expect(countries.get('UK')).toBeGreaterThan(0);
    }
    const topOf = (slug: string) => {
      const questions = workload.find((tenant) => tenant.profile.slug === slug)!.events.filter((event) => event.type === 'question' && event.country !== 'US');
      return [...countBy(questions, (event) => event.country ?? 'unknown')].sort((a, b) => b[1] - a[1])[0][0];
    };
    expect(topOf('spreewald')).toBe('DE');
    expect(topOf('ganga')).toBe('IN');
  });

  it('resends a few events unchanged', () => {
    for (const { events, expected } of workload) {
      const byId = new Map<string, string>();
      let resent = 0;
      for (const event of events) {
        const json = JSON.stringify(event);
        if (byId.has(event.id)) {
          resent++;
          expect(json).toBe(byId.get(event.id));
        }
        byId.set(event.id, json);
      }

      expect(resent).toBeGreaterThan(50);
      expect(resent).toBeLessThan(events.length * 0.01);
      expect(expected.duplicates).toBe(resent);
    }
  });

  it('posts late events for earlier months last', () => {
    for (const { profile, events, lateEvents } of workload) {
      const monthStartMs = DateTime.fromMillis(NOW_MS, { zone: profile.timezone }).startOf('month').toMillis();
      const late = events.slice(events.length - lateEvents);
      const lateMonths = new Set(late.map((event) => event.occurredAt.slice(0, 7)));

      expect(lateEvents).toBeGreaterThanOrEqual(3);
      expect(late.every((event) => Date.parse(event.occurredAt) < monthStartMs)).toBe(true);
      expect(lateMonths.size).toBeGreaterThan(1);
      const onTimeIds = new Set(events.slice(0, events.length - lateEvents).map((event) => event.id));
      expect(late.filter((event) => onTimeIds.has(event.id))).toEqual([]);
    }
  });

  it('fills storage to 20 to 90 % of the quota', () => {
    const percents = workload.map(({ profile, expected }) => (expected.storageBytes / profile.storageQuotaBytes) * 100);

    for (const percent of percents) {
      expect(percent).toBeGreaterThanOrEqual(20);
      expect(percent).toBeLessThanOrEqual(90);
    }
    expect(percents.some((percent) => percent >= 80)).toBe(true);
  });

  it('uploads and deletes all three kinds', () => {
    for (const { events } of workload) {
      const puts = events.filter((event) => event.type === 'storage_put');
      const deletes = events.filter((event) => event.type === 'storage_delete');
      const folderOf = (objectId: string | undefined) => (objectId as string).split('/')[0];
      const textSizes = puts.filter((event) => folderOf(event.objectId) === 'kb').map((event) => event.bytes as number);
      const mediaSizes = puts.filter((event) => folderOf(event.objectId) === 'media').map((event) => event.bytes as number);

      expect(new Set(deletes.map((event) => folderOf(event.objectId)))).toEqual(new Set(['kb', 'media', 'files']));
      expect(Math.max(...textSizes)).toBeLessThan(1_000_000);
      expect(Math.min(...textSizes)).toBeGreaterThan(1_000);
      expect(Math.max(...mediaSizes)).toBeGreaterThan(10_000_000);
      expect(puts.some((event) => event.kind !== undefined)).toBe(true);
      expect(puts.some((event) => event.contentType !== undefined)).toBe(true);
    }
  });

  it('computes totals that match the events', () => {
    for (const { events, expected } of workload) {
      const recomputed = recomputeTotals(events);

      expect({ ...expected, postedEvents: undefined, invalidCountries: undefined }).toEqual({ ...recomputed, postedEvents: undefined, invalidCountries: undefined });
      expect(expected.postedEvents).toBe(events.length);
      expect(expected.invalidCountries).toBe(events.filter((event) => event.country === 'UK' || event.country === 'EU').length);
    }
  });

  it('sends a few words as text', () => {
    const texts = workload.flatMap(({ events }) => events.filter((event) => event.text !== undefined));

    expect(texts.length).toBeGreaterThan(10);
    for (const { text, words } of DEMO_TEXTS) {
      expect({ text, words: countWords(text) }).toEqual({ text, words });
    }
  });

  it('is the same for the same seed and day', () => {
    const again = generateDemoWorkload({ nowMs: NOW_MS, retentionDays: RETENTION_DAYS, scale: 0.1 });
    const same = generateDemoWorkload({ nowMs: NOW_MS, retentionDays: RETENTION_DAYS, scale: 0.1, seed: DEMO_SEED });
    const otherSeed = generateDemoWorkload({ nowMs: NOW_MS, retentionDays: RETENTION_DAYS, scale: 0.1, seed: DEMO_SEED + 1 });

    expect(same).toEqual(again);
    expect(otherSeed[0].events).not.toEqual(again[0].events);
  });

  it('scales down for tests', () => {
    const small = generateDemoWorkload({ nowMs: NOW_MS, retentionDays: RETENTION_DAYS, scale: 0.01 });

    for (const { events, expected, lateEvents } of small) {
      expect(events.length).toBeGreaterThan(200);
      expect(events.length).toBeLessThan(2_000);
      expect(expected.duplicates).toBeGreaterThan(0);
      expect(lateEvents).toBe(3);
    }
  });
});
