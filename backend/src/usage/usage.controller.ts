import { Controller, Get, MessageEvent, Param, Query, Sse, UseInterceptors } from '@nestjs/common';
import { Observable } from 'rxjs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Auth } from '../auth/decorators/access.decorators';
import { ETagInterceptor } from '../common/etag.interceptor';
import { TimeseriesDto, TimeseriesQueryDto, UsageSummaryDto } from './dto/usage.dto';
import { UsageStreamService } from './usage-stream.service';
import { UsageService } from './usage.service';

@ApiTags('usage')
@Controller('tenants/:tenantId/usage')
@Auth()
@ApiNotFoundResponse({ description: "The tenant does not exist or is not the caller's." })
export class UsageController {
  constructor(
    private readonly usageService: UsageService,
    private readonly usageStream: UsageStreamService,
  ) {}

  @Sse('stream')
  @ApiOperation({
    summary: 'Server-Sent Events: the summary at once, then whenever usage changes (at most once a second)',
    description:
      'Authenticated by the Authorization header, so browsers read it with fetch rather than EventSource. ' +
      'Events are named "summary"; "keepalive" events with empty data arrive every 15 s.',
  })
  @ApiOkResponse({ description: 'A text/event-stream of summary events, each a UsageSummary as JSON.' })
  stream(@Param('tenantId') tenantId: string): Observable<MessageEvent> {
    return this.usageStream.streamFor(tenantId);
  }

  @Get('summary')
  @UseInterceptors(ETagInterceptor)
  @ApiOperation({
    summary: 'Counters of this month and lifetime, live, with storage',
    description: 'Responds 304 to a matching If-None-Match. Every event accepted before asOf is included.',
  })
  @ApiOkResponse({ type: UsageSummaryDto })
  summary(@Param('tenantId') tenantId: string): Promise<UsageSummaryDto> {
    return this.usageService.summary(tenantId);
  }

  @Get('timeseries')
  @UseInterceptors(ETagInterceptor)
  @ApiOperation({
    summary: 'One metric per day, ISO week or month, in the tenant\'s time zone, zeros included',
    description: 'Weeks start on Monday and are labelled by its date. Responds 304 to a matching If-None-Match.',
  })
  @ApiOkResponse({ type: TimeseriesDto })
  @ApiBadRequestResponse({ description: 'Unknown metric or granularity, bad dates, from after to, or more than 1000 points.' })
  timeseries(@Param('tenantId') tenantId: string, @Query() query: TimeseriesQueryDto): Promise<TimeseriesDto> {
    return this.usageService.timeseries(tenantId, query);
  }
}
