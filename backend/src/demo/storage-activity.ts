import { StorageKind } from '../events/entities/usage-event.entity';
import { TimedEvent, timedEvent } from './demo-event';
import { DemoTenantProfile } from './demo-tenants';
import { ActivityWindow, dayPace, instantInDay } from './usage-activity';
import { SeededRandom, WeightedPicker } from './seeded-random';

interface ObjectFormat {
  folder: string;
  extension: string;
  contentType: string;
  /** Sizes are drawn log-uniformly between these, in bytes, before scaling to the quota. */
  minBytes: number;
  maxBytes: number;
}

/** Object formats per kind, with their share of that kind's uploads. */
const FORMATS: Record<StorageKind, ReadonlyArray<readonly [ObjectFormat, number]>> = {
  text: [
    [{ folder: 'kb', extension: 'md', contentType: 'text/markdown; charset=utf-8', minBytes: 2_000, maxBytes: 60_000 }, 0.6],
    [{ folder: 'kb', extension: 'html', contentType: 'text/html', minBytes: 4_000, maxBytes: 120_000 }, 0.4],
  ],
  media: [
    [{ folder: 'media', extension: 'png', contentType: 'image/png', minBytes: 150_000, maxBytes: 3_000_000 }, 0.45],
    [{ folder: 'media', extension: 'mp3', contentType: 'audio/mpeg', minBytes: 1_000_000, maxBytes: 12_000_000 }, 0.2],
    [{ folder: 'media', extension: 'mp4', contentType: 'video/mp4', minBytes: 8_000_000, maxBytes: 150_000_000 }, 0.35],
  ],
  other: [
    [{ folder: 'files', extension: 'pdf', contentType: 'application/pdf', minBytes: 100_000, maxBytes: 6_000_000 }, 0.7],
    [{ folder: 'files', extension: 'zip', contentType: 'application/zip', minBytes: 500_000, maxBytes: 20_000_000 }, 0.3],
  ],
};

/** Share of objects per kind that are deleted later. */
const DELETE_SHARE: Record<StorageKind, number> = { text: 0.1, media: 0.15, other: 0.2 };
/** Share of knowledge-base articles edited one to three times after upload. */
const EDIT_SHARE = 0.3;
/** Share of uploads that name their kind instead of a content type, as some clients do. */
const EXPLICIT_KIND_SHARE = 0.1;

interface StoredObject {
  objectId: string;
  kind: StorageKind;
  format: ObjectFormat;
  /** Upload and edits, in time order, with sizes before scaling. */
  versions: Array<{ atMs: number; rawBytes: number }>;
  deletedAtMs?: number;
}

function logUniform(random: SeededRandom, min: number, max: number): number {
  return min * (max / min) ** random.next();
}

/** Returns an instant after `afterMs` and before `beforeMs`, drawn uniformly. */
function laterInstant(random: SeededRandom, afterMs: number, beforeMs: number): number {
  return afterMs + 1 + Math.floor(random.next() * Math.max(0, beforeMs - afterMs - 2));
}

/**
 * Generates one tenant's knowledge-base storage: uploads of text articles (kilobytes), media
 * (megabytes) and other files, edits of some articles and deletes of all three kinds. Uploads follow
 * the business pace. Media and other sizes are scaled so that the objects left at the end use
 * `storageUsedShare` of the quota.
 */
export function generateStorageActivity(profile: DemoTenantProfile, window: ActivityWindow, random: SeededRandom): TimedEvent[] {
  // Storage events end before today, so that none lies in the future.
  const days = window.days.slice(0, -1);
  const endMs = window.days[window.days.length - 1].hourStartsMs[0];
  if (days.length === 0) return [];

  const dayPicker = new WeightedPicker(days.map((_day, index) => [index, dayPace(profile, window, index)] as const));
  const officeHours = new WeightedPicker(Array.from({ length: 24 }, (_unused, hour) => [hour, hour >= 8 && hour < 19 ? 1 : 0.05] as const));
  const objects: StoredObject[] = [];

  for (const kind of ['text', 'media', 'other'] as const) {
    const formats = new WeightedPicker(FORMATS[kind]);
    const count = Math.max(3, Math.round(profile.storageObjects[kind] * window.scale));
    for (let index = 1; index <= count; index++) {
      const format = formats.pick(random);
      const uploadedAtMs = Math.max(window.fromMs, instantInDay(days[dayPicker.pick(random)], officeHours, random));
      const object: StoredObject = {
        objectId: `${format.folder}/${profile.slug}-${kind}-${index}.${format.extension}`,
        kind,
        format,
        versions: [{ atMs: uploadedAtMs, rawBytes: logUniform(random, format.minBytes, format.maxBytes) }],
      };

      const edits = kind === 'text' && random.chance(EDIT_SHARE) ? random.integer(1, 3) : 0;
      for (let edit = 0; edit < edits; edit++) {
        const previous = object.versions[object.versions.length - 1];
        object.versions.push({ atMs: laterInstant(random, previous.atMs, endMs), rawBytes: previous.rawBytes * (0.7 + random.next() * 0.8) });
      }
      if (random.chance(DELETE_SHARE[kind])) {
        object.deletedAtMs = laterInstant(random, object.versions[object.versions.length - 1].atMs, endMs);
      }
      objects.push(object);
    }
  }

  return storageEvents(profile, objects, random);
}

/** Turns the objects into put and delete events, with media and other sizes scaled to the quota target. */
function storageEvents(profile: DemoTenantProfile, objects: StoredObject[], random: SeededRandom): TimedEvent[] {
  const live = objects.filter((object) => object.deletedAtMs === undefined);
  const finalBytes = (object: StoredObject) => object.versions[object.versions.length - 1].rawBytes;
  const textBytes = live.filter((object) => object.kind === 'text').reduce((total, object) => total + Math.round(finalBytes(object)), 0);
  const scaledBytes = live.filter((object) => object.kind !== 'text').reduce((total, object) => total + finalBytes(object), 0);
  const target = profile.storageQuotaBytes * profile.storageUsedShare;
  const factor = scaledBytes > 0 ? Math.max(0, target - textBytes) / scaledBytes : 1;

  const events: TimedEvent[] = [];
  let eventCount = 0;
  for (const object of objects) {
    for (const version of object.versions) {
      const bytes = Math.round(object.kind === 'text' ? version.rawBytes : version.rawBytes * factor);
      const type = random.chance(EXPLICIT_KIND_SHARE) ? { kind: object.kind } : { contentType: object.format.contentType };
      events.push(timedEvent(version.atMs, { id: `${profile.slug}-s${++eventCount}`, type: 'storage_put', objectId: object.objectId, bytes, ...type }));
    }
    if (object.deletedAtMs !== undefined) {
      events.push(timedEvent(object.deletedAtMs, { id: `${profile.slug}-s${++eventCount}`, type: 'storage_delete', objectId: object.objectId }));
    }
  }
  return events;
}
