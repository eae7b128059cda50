import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';

import { AuthenticatedApiKey } from '../auth/authenticated';
import { ApiKeyAuth, CurrentApiKey } from '../auth/decorators/access.decorators';
import { IngestRequestDto, IngestResponseDto } from './dto/ingest.dto';
import { EventsService } from './events.service';

@ApiTags('ingestion')
@Controller('events')
export class EventsController {
  constructor(private readonly eventsService: EventsService) {}

  @Post()
  @ApiKeyAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Ingest a batch of 1 to 1000 usage events',
    description:
      'Valid events are stored and durable when the response is sent; invalid ones are listed in rejected ' +
      'with their index. Resending an event id is safe: it counts as a duplicate.',
  })
  @ApiBody({ type: IngestRequestDto })
  @ApiOkResponse({ type: IngestResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed envelope, or more than 1000 events; nothing was stored.' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 1 MB; nothing was stored.' })
  @ApiServiceUnavailableResponse({ description: 'The database failed; resend the batch.' })
  // The body is checked event by event in EventsService, so that one bad event does not reject the batch.
  ingest(@CurrentApiKey() apiKey: AuthenticatedApiKey, @Body() body: Record<string, unknown>): Promise<IngestResponseDto> {
    return this.eventsService.ingest(apiKey.tenantId, apiKey.id, body);
  }
}
