import { hash } from 'node:crypto';

import { EVENT_TYPES, EventType, STORAGE_KINDS, StorageKind } from '../entities/usage-event.entity';
import { resolveCountry } from './country';
import { storageKindOf } from './storage-kind';
import { parseTimestamp } from './timestamp';
import { countWords } from './word-count';

/** Largest quantity one event may carry (words or API requests). */
export const MAX_EVENT_QUANTITY = 1_000_000_000;
/** Largest object size: 1 PB. */
export const MAX_OBJECT_BYTES = 1e15;
/**
 * Longest `text` of one event, and the most `text` one request may carry. Word segmentation costs
 * CPU on the request's thread, about 1 ms per 1,000 characters of one-letter words on the 2-core
 * development machine, so these bound the time one request can hold the server.
 */
export const MAX_TEXT_LENGTH = 50_000;
export const MAX_TEXT_PER_REQUEST = 250_000;
/** How far in the future occurredAt may be, for senders whose clocks run a little fast. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const COMMON_FIELDS = ['id', 'type', 'occurredAt'];
const FIELDS_BY_TYPE: Record<EventType, string[]> = {
  words: ['quantity', 'text'],
  api_request: ['quantity'],
  question: ['visitorId', 'country', 'ip'],
  contact: ['contactId', 'country', 'ip'],
  storage_put: ['objectId', 'kind', 'bytes', 'contentType'],
  storage_delete: ['objectId'],
};


/** A valid event in the form it is stored. */
export interface AcceptedEvent {
  eventId: string;
  type: EventType;
  occurredAtMs: number;
  quantity: number;
  visitorKey: string | null;
  contactKey: string | null;
  country: string | null;
  objectId: string | null;
  storageKind: StorageKind | null;
  bytes: number | null;
}

export type EventCheck =
  | { valid: true; event: AcceptedEvent; warnings: string[] }
  | { valid: false; message: string };

export interface CheckContext {
  nowMs: number;
  retentionDays: number;
  /** Characters of `text` still allowed in this request; checkEvent lowers it. */
  textBudget: number;
}

/** SHA-256 (base64url) of a visitor or contact id, so that the id itself is never stored. */
export function identityKey(id: string): string {
  return hash('sha256', id, 'base64url');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkString(problems: string[], event: Record<string, unknown>, field: string, maxLength: number, required: boolean): string | undefined {
  const value = event[field];
  if (value === undefined || value === null) {
    if (required) problems.push(`${field} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value.length < 1 || value.length > maxLength) {
    problems.push(`${field} must be a string of 1 to ${maxLength} characters`);
    return undefined;
  }
  return value;
}

function checkInteger(problems: string[], event: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const value = event[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${field} must be an integer from ${min} to ${max}`);
    return undefined;
  }
  return value;
}

function checkOccurredAt(problems: string[], value: unknown, context: CheckContext): number | undefined {
  if (value === undefined || value === null) {
    problems.push('occurredAt is required');
    return undefined;
  }
  const parsed = typeof value === 'string' ? parseTimestamp(value) : 'must be an ISO 8601 timestamp string';
  if (typeof parsed === 'string') {
    problems.push(`occurredAt ${parsed}`);
    return undefined;
  }

  const occurredAtMs = parsed;
  if (occurredAtMs > context.nowMs + MAX_CLOCK_SKEW_MS) {
    problems.push('occurredAt is more than 5 minutes in the future; check the sender\'s clock');
    return undefined;
  }
  if (occurredAtMs < context.nowMs - context.retentionDays * 86_400_000) {
    problems.push(`occurredAt is older than the ${context.retentionDays}-day retention (RAW_RETENTION_DAYS)`);
    return undefined;
  }
  return occurredAtMs;
}

/**
 * Checks one raw event against the ingestion rules and returns it in stored form, or a message that
 * names each bad field and its rule. An unusable country is a warning, never a rejection.
 */
export function checkEvent(raw: unknown, context: CheckContext): EventCheck {
  if (!isPlainObject(raw)) {
    return { valid: false, message: 'event must be a JSON object' };
  }

  const problems: string[] = [];
  const warnings: string[] = [];
  const eventId = checkString(problems, raw, 'id', 128, true);
  const type = raw.type;
  if (!EVENT_TYPES.includes(type as EventType)) {
    problems.push(`type must be one of ${EVENT_TYPES.join(', ')}`);
    return { valid: false, message: problems.join('; ') };
  }
  const eventType = type as EventType;

  const allowed = new Set([...COMMON_FIELDS, ...FIELDS_BY_TYPE[eventType]]);
  const unknown = Object.keys(raw).filter((field) => !allowed.has(field));
  if (unknown.length > 0) {
    problems.push(`${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not allowed on ${eventType} events`);
  }

  const occurredAtMs = checkOccurredAt(problems, raw.occurredAt, context);
  const event: AcceptedEvent = {
    eventId: eventId ?? '',
    type: eventType,
    occurredAtMs: occurredAtMs ?? 0,
    quantity: 0,
    visitorKey: null,
    contactKey: null,
    country: null,
    objectId: null,
    storageKind: null,
    bytes: null,
  };

  switch (eventType) {
    case 'words': {
      const quantity = checkInteger(problems, raw, 'quantity', 0, MAX_EVENT_QUANTITY);
      const text = raw.text;
      if (text !== undefined && typeof text !== 'string') {
        problems.push('text must be a string');
      } else if (typeof text === 'string' && text.length > MAX_TEXT_LENGTH) {
        problems.push(`text must be at most ${MAX_TEXT_LENGTH} characters; send quantity instead, or split the text over several events`);
      } else if (typeof text === 'string' && text.length > context.textBudget) {
        problems.push(`text of this request exceeds ${MAX_TEXT_PER_REQUEST} characters in all; send the rest in another request`);
      } else if (raw.quantity !== undefined && text !== undefined) {
        problems.push('give either quantity or text, not both');
      } else if (raw.quantity === undefined && text === undefined) {
        problems.push('words events need quantity (an integer ≥ 0) or text');
      }
      if (typeof text === 'string' && problems.length === 0) {
        context.textBudget -= text.length;
        event.quantity = countWords(text);
      } else {
        event.quantity = quantity ?? 0;
      }
      break;
    }
    case 'api_request':
      event.quantity = raw.quantity === undefined ? 1 : (checkInteger(problems, raw, 'quantity', 1, MAX_EVENT_QUANTITY) ?? 0);
      break;
    case 'question':
    case 'contact': {
      event.quantity = 1;
      const visitorId = eventType === 'question' ? checkString(problems, raw, 'visitorId', 128, false) : undefined;
      const contactId = eventType === 'contact' ? checkString(problems, raw, 'contactId', 128, true) : undefined;
      event.visitorKey = visitorId ? identityKey(visitorId) : null;
      event.contactKey = contactId ? identityKey(contactId) : null;
      const resolved = resolveCountry(raw.country, raw.ip);
      event.country = resolved.country;
      if (resolved.warning) warnings.push(resolved.warning);
      break;
    }
    case 'storage_put': {
      event.objectId = checkString(problems, raw, 'objectId', 256, true) ?? null;
      const contentType = checkString(problems, raw, 'contentType', 255, false);
      if (raw.kind !== undefined && !STORAGE_KINDS.includes(raw.kind as StorageKind)) {
        problems.push(`kind must be one of ${STORAGE_KINDS.join(', ')}`);
      }
      event.storageKind = (raw.kind as StorageKind | undefined) ?? storageKindOf(contentType);
      if (raw.bytes === undefined || raw.bytes === null) {
        problems.push('bytes is required');
      }
      event.bytes = checkInteger(problems, raw, 'bytes', 0, MAX_OBJECT_BYTES) ?? null;
      break;
    }
    case 'storage_delete':
      event.objectId = checkString(problems, raw, 'objectId', 256, true) ?? null;
      break;
  }

  if (problems.length > 0) {
    return { valid: false, message: problems.join('; ') };
  }
  return { valid: true, event, warnings };
}
