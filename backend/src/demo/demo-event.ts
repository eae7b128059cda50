import { EventType, StorageKind } from '../events/entities/usage-event.entity';

/** One event as the demo posts it to `POST /api/v1/events`. */
export interface DemoEvent {
  id: string;
  type: EventType;
  /** ISO 8601 in UTC, with milliseconds and `Z`. */
  occurredAt: string;
  quantity?: number;
  text?: string;
  visitorId?: string;
  contactId?: string;
  country?: string;
  objectId?: string;
  kind?: StorageKind;
  bytes?: number;
  contentType?: string;
}

/** An event with its instant in epoch milliseconds, for sorting before it is posted. */
export interface TimedEvent {
  atMs: number;
  event: DemoEvent;
}

export function timedEvent(atMs: number, fields: Omit<DemoEvent, 'occurredAt'>): TimedEvent {
  const { id, type, ...details } = fields;
  return { atMs, event: { id, type, occurredAt: new Date(atMs).toISOString(), ...details } };
}
