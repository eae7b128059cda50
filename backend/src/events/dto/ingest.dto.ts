import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { EVENT_TYPES, STORAGE_KINDS } from '../entities/usage-event.entity';

/** One usage event as sent by BeyondAsk's agents, widgets and gateway (documentation only). */
export class UsageEventInputDto {
  @ApiProperty({ description: 'Idempotency key, unique per tenant: a resent id is never counted twice.', minLength: 1, maxLength: 128 })
  id: string;

  @ApiProperty({ enum: EVENT_TYPES })
  type: string;

  @ApiProperty({ description: 'ISO 8601 with Z or an offset; at most 5 minutes ahead, within RAW_RETENTION_DAYS.', example: '2026-12-04T10:15:00Z' })
  occurredAt: string;

  @ApiPropertyOptional({ description: 'words: integer ≥ 0 (or give text); api_request: integer ≥ 1, default 1.' })
  quantity?: number;

  @ApiPropertyOptional({ description: 'words: the text whose words are counted (Unicode word segmentation); never stored.' })
  text?: string;

  @ApiPropertyOptional({ description: 'question: visitor id, for distinct visitors per month; stored only as a hash.' })
  visitorId?: string;

  @ApiPropertyOptional({ description: 'contact: required; counts once per tenant, in the month of its first capture; stored only as a hash.' })
  contactId?: string;

  @ApiPropertyOptional({ description: 'question, contact: ISO 3166-1 alpha-2 (any case, XK for Kosovo). An invalid code counts under unknown, with a warning.' })
  country?: string;

  @ApiPropertyOptional({ description: 'question, contact: client IP, looked up in an offline country database when country is absent; never stored.' })
  ip?: string;

  @ApiPropertyOptional({ description: 'storage_put, storage_delete: object id.', maxLength: 256 })
  objectId?: string;

  @ApiPropertyOptional({ enum: STORAGE_KINDS, description: 'storage_put: derived from contentType when absent.' })
  kind?: string;

  @ApiPropertyOptional({ description: 'storage_put: current object size in bytes; replaces the previous size.' })
  bytes?: number;

  @ApiPropertyOptional({ description: 'storage_put: MIME type; text/*, markdown and HTML are text, image/audio/video are media.' })
  contentType?: string;
}

export class IngestRequestDto {
  @ApiProperty({ type: [UsageEventInputDto], minItems: 1, maxItems: 1000 })
  events: UsageEventInputDto[];
}

export class EventIssueDto {
  @ApiProperty({ description: 'Position of the event in the batch, from 0.' })
  index: number;

  @ApiProperty({ nullable: true, type: String, description: 'The event id, when it was a string.' })
  id: string | null;

  @ApiProperty({ example: 'occurredAt must be an ISO 8601 timestamp with Z or an offset' })
  message: string;
}

export class IngestResponseDto {
  @ApiProperty({ description: 'Events stored for the first time; they are durable when this response is sent.' })
  accepted: number;

  @ApiProperty({ description: 'Valid events whose id was stored before (or earlier in this batch); not counted again.' })
  duplicates: number;

  @ApiProperty({ type: [EventIssueDto], description: 'Invalid events, not stored.' })
  rejected: EventIssueDto[];

  @ApiProperty({ type: [EventIssueDto], description: 'Stored events with a caveat, such as an unusable country.' })
  warnings: EventIssueDto[];
}
