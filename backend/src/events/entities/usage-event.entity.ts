import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';

export const EVENT_TYPES = ['words', 'api_request', 'question', 'contact', 'storage_put', 'storage_delete'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const STORAGE_KINDS = ['text', 'media', 'other'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

/**
 * One accepted raw usage event. The unique index on (tenant, event id) makes a resent event a
 * duplicate, whatever the timing. Visitor and contact ids are stored only as SHA-256 keys, and
 * neither IPs nor text are stored at all.
 */
@Entity({ name: 'usage_events' })
@Index('UQ_usage_events_tenant_event', ['tenantId', 'eventId'], { unique: true })
// Covers the rollup's sums and distinct visitors per country, so neither reads the table rows.
@Index('IDX_usage_events_tenant_occurred_usage', ['tenantId', 'occurredAtMs', 'type', 'quantity', 'country', 'visitorKey'])
export class UsageEvent {
  /** Insertion order; not a watermark, because rows may commit out of this order. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  /** The client's idempotency key, compared case-sensitively. */
  @Column({ name: 'event_id', type: 'varchar', length: 128 })
  eventId: string;

  @Column({ type: 'varchar', length: 16 })
  type: EventType;

  /** When the usage happened, in milliseconds since the Unix epoch. */
  @Column({ name: 'occurred_at_ms', type: 'bigint', transformer: bigintTransformer })
  occurredAtMs: number;

  /** When the server accepted the event, in milliseconds since the Unix epoch. */
  @Column({ name: 'received_at_ms', type: 'bigint', transformer: bigintTransformer })
  receivedAtMs: number;

  /** Words, API requests, or 1 for questions and contacts; 0 for storage events. */
  @Column({ type: 'bigint', transformer: bigintTransformer })
  quantity: number;

  @Column({ name: 'visitor_key', type: 'varchar', length: 64, nullable: true })
  visitorKey: string | null;

  @Column({ name: 'contact_key', type: 'varchar', length: 64, nullable: true })
  contactKey: string | null;

  /** ISO 3166-1 alpha-2; null when unknown. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;

  @Column({ name: 'object_id', type: 'varchar', length: 256, nullable: true })
  objectId: string | null;

  @Column({ name: 'storage_kind', type: 'varchar', length: 8, nullable: true })
  storageKind: StorageKind | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer })
  bytes: number | null;
}
