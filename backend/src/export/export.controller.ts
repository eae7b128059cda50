import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { AuthenticatedUser } from '../auth/authenticated';
import { Auth, CurrentUser } from '../auth/decorators/access.decorators';
import { ApiCsvDownload, csvFile, csvHeaders, USAGE_COLUMNS_DESCRIPTION } from './csv-response';
import { ExportQueryDto } from './dto/export-query.dto';
import { ExportService } from './export.service';

@ApiTags('export')
@Controller('tenants/:tenantId/usage')
@Auth('tenant_admin', 'platform_admin')
@ApiNotFoundResponse({ description: "The tenant does not exist or is not the caller's." })
export class ExportController {
  constructor(private readonly exportService: ExportService) {}

  @Get('export.csv')
  @ApiOperation({
    summary: "Download the tenant's usage per day or month as CSV",
    description: `${USAGE_COLUMNS_DESCRIPTION} Every export is recorded and listed at GET /admin/exports.`,
  })
  @ApiCsvDownload(
    'period,words,api_requests,questions,contacts,storage_bytes',
    'period,words,api_requests,questions,contacts,storage_bytes\r\n2026-01,120400,5300,812,97,73400320\r\n',
  )
  async exportCsv(
    @Param('tenantId') tenantId: string,
    @Query() query: ExportQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    if (reply.request.method === 'HEAD') {
      return csvHeaders(reply, await this.exportService.tenantFileName(tenantId, query));
    }
    return csvFile(reply, await this.exportService.exportTenant(user.id, tenantId, query));
  }
}
