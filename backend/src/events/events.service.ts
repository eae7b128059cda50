import { BadRequestException, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { Environment } from '../config/environment';
import { EventIssueDto, IngestResponseDto } from './dto/ingest.dto';
import { EventWriter } from './event-writer';
import { AcceptedEvent, checkEvent, MAX_TEXT_PER_REQUEST } from './validation/event-validator';

export const MAX_EVENTS_PER_REQUEST = 1000;

@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);

  constructor(
    private readonly writer: EventWriter,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /**
   * Validates a batch, stores its valid events and reports each rejected event and warning by index.
   * A malformed envelope rejects the whole batch with 400.
   */
  async ingest(tenantId: string, apiKeyId: string, body: unknown): Promise<IngestResponseDto> {
    const rawEvents = this.readEnvelope(body);
    const context = {
      nowMs: Date.now(),
      retentionDays: this.config.get('RAW_RETENTION_DAYS', { infer: true }),
      textBudget: MAX_TEXT_PER_REQUEST,
    };

    const rejected: EventIssueDto[] = [];
    const warnings: EventIssueDto[] = [];
    const events: AcceptedEvent[] = [];
    const seen = new Set<string>();
    let repeatedInBatch = 0;

    rawEvents.forEach((raw, index) => {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
      const check = checkEvent(raw, context);
      if (!check.valid) {
        rejected.push({ index, id, message: check.message });
        return;
      }
      for (const message of check.warnings) warnings.push({ index, id, message });
      if (seen.has(check.event.eventId)) {
        repeatedInBatch++;
        return;
      }
      seen.add(check.event.eventId);
      events.push(check.event);
    });

    let accepted: number;
    try {
      accepted = await this.writer.write(tenantId, events);
    } catch {
      // EventWriter has logged the cause; the batch is safe to resend because event ids are idempotent.
      throw new ServiceUnavailableException('Failed to store the events; resend the batch, duplicates are not counted twice');
    }

    const duplicates = events.length - accepted + repeatedInBatch;
    this.logger.debug({ tenantId, apiKeyId, accepted, duplicates, rejected: rejected.length }, 'Ingested events');
    return { accepted, duplicates, rejected, warnings };
  }

  private readEnvelope(body: unknown): unknown[] {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestException('The body must be a JSON object such as {"events": [...]}');
    }
    const extra = Object.keys(body).filter((key) => key !== 'events');
    if (extra.length > 0) {
      throw new BadRequestException(`Unknown field ${extra.join(', ')}; the body must contain only "events"`);
    }
    const events = (body as { events?: unknown }).events;
    if (!Array.isArray(events)) {
      throw new BadRequestException('events must be an array of 1 to 1000 events');
    }
    if (events.length < 1 || events.length > MAX_EVENTS_PER_REQUEST) {
      throw new BadRequestException(
        `events must contain 1 to ${MAX_EVENTS_PER_REQUEST} events (got ${events.length}); split larger batches`,
      );
    }
    return events;
  }
}
