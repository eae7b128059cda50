import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { AuthenticatedApiKey } from '../auth/authenticated';
import { ApiKeyAuth, Auth, CurrentApiKey } from '../auth/decorators/access.decorators';
import { LimitCheckDto, LimitCheckQueryDto, LimitDto, PutLimitDto } from './dto/limit.dto';
import { ParseLimitMetricPipe } from './limit-metric.pipe';
import { LIMIT_METRICS, LimitMetric } from './limit-metrics';
import { LimitsService } from './limits.service';

const METRIC_PARAM = { name: 'metric', enum: LIMIT_METRICS };

@ApiTags('limits')
@Controller('tenants/:tenantId/limits')
@ApiNotFoundResponse({ description: "The tenant or limit does not exist or is not the caller's." })
export class LimitsController {
  constructor(private readonly limitsService: LimitsService) {}

  @Get()
  @Auth()
  @ApiOperation({
    summary: 'List the limits of the tenant with live usage, the month-end projection and the reset time',
    description: 'Members and admins of the tenant, and platform admins. Metrics without a limit are not listed.',
  })
  @ApiOkResponse({ type: [LimitDto] })
  list(@Param('tenantId') tenantId: string): Promise<LimitDto[]> {
    return this.limitsService.list(tenantId);
  }

  @Get('check')
  @Auth()
  @ApiOperation({
    summary: 'Tell whether the tenant is still below its limit on a metric, for enforcing a hard limit',
    description: 'allowed is false once usage has reached the limit. Without a limit, allowed is true and remaining null.',
  })
  @ApiOkResponse({ type: LimitCheckDto })
  @ApiBadRequestResponse({ description: 'Missing or unknown metric.' })
  check(@Param('tenantId') tenantId: string, @Query() query: LimitCheckQueryDto): Promise<LimitCheckDto> {
    return this.limitsService.check(tenantId, query.metric);
  }

  @Get(':metric')
  @Auth()
  @ApiParam(METRIC_PARAM)
  @ApiOperation({ summary: 'Read one limit with live usage' })
  @ApiOkResponse({ type: LimitDto })
  @ApiBadRequestResponse({ description: 'Unknown metric.' })
  findOne(@Param('tenantId') tenantId: string, @Param('metric', ParseLimitMetricPipe) metric: LimitMetric): Promise<LimitDto> {
    return this.limitsService.findOne(tenantId, metric);
  }

  @Put(':metric')
  @Auth('tenant_admin', 'platform_admin')
  @ApiParam(METRIC_PARAM)
  @ApiOperation({
    summary: 'Create or replace the limit on a metric and evaluate it at once',
    description:
      'thresholds default to [80, 100] and notifyEmails to [] (the tenant admins). A limit below the current usage alerts at once; ' +
      'thresholds already alerted this month are not alerted again, so raising a limit sends nothing.',
  })
  @ApiOkResponse({ type: LimitDto })
  @ApiBadRequestResponse({ description: 'Unknown metric, a limit below 1, thresholds outside 1 to 1000 or repeated, or an invalid email.' })
  put(
    @Param('tenantId') tenantId: string,
    @Param('metric', ParseLimitMetricPipe) metric: LimitMetric,
    @Body() body: PutLimitDto,
  ): Promise<LimitDto> {
    return this.limitsService.put(tenantId, metric, body);
  }

  @Delete(':metric')
  @Auth('tenant_admin', 'platform_admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam(METRIC_PARAM)
  @ApiOperation({ summary: 'Remove the limit on a metric; alerts already sent this month are not repeated if it is set again' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiBadRequestResponse({ description: 'Unknown metric.' })
  async remove(@Param('tenantId') tenantId: string, @Param('metric', ParseLimitMetricPipe) metric: LimitMetric): Promise<void> {
    await this.limitsService.remove(tenantId, metric);
  }
}

@ApiTags('limits')
@Controller('limits/check')
export class ApiKeyLimitCheckController {
  constructor(private readonly limitsService: LimitsService) {}

  @Get()
  @ApiKeyAuth()
  @ApiOperation({
    summary: "Tell whether the API key's tenant is still below its limit on a metric, for enforcing a hard limit",
    description: 'Returns the same response as GET /tenants/{tenantId}/limits/check, for services that hold an ingestion API key.',
  })
  @ApiOkResponse({ type: LimitCheckDto })
  @ApiBadRequestResponse({ description: 'Missing or unknown metric.' })
  check(@CurrentApiKey() apiKey: AuthenticatedApiKey, @Query() query: LimitCheckQueryDto): Promise<LimitCheckDto> {
    return this.limitsService.check(apiKey.tenantId, query.metric);
  }
}
