import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { AuthenticatedUser } from '../auth/authenticated';
import { Auth, CurrentUser } from '../auth/decorators/access.decorators';
import { ApiCsvDownload, csvFile, csvHeaders, USAGE_COLUMNS_DESCRIPTION } from './csv-response';
import { ExportListQueryDto, ExportQueryDto } from './dto/export-query.dto';
import { ExportListDto } from './dto/export-record.dto';
import { ExportRecordsService } from './export-records.service';
import { ExportService } from './export.service';

@ApiTags('export')
@Controller('admin')
@Auth('platform_admin')
export class AdminExportController {
  constructor(
    private readonly exportService: ExportService,
    private readonly records: ExportRecordsService,
  ) {}

  @Get('usage/export.csv')
  @ApiOperation({
    summary: 'Download the usage of every tenant per day or month as CSV',
    description:
      'Tenants come ordered by name (in the database collation), then id, each with its periods in order. ' +
      "from and to apply to every tenant in its own time zone; left out, each tenant's own defaults apply. " +
      `${USAGE_COLUMNS_DESCRIPTION} Text cells that start with =, +, -, @, tab or carriage return get a leading ' ` +
      'so that spreadsheets do not run them as formulas; numeric cells never do. Every export is recorded.',
  })
  @ApiCsvDownload(
    'tenant_id,tenant_name,period,words,api_requests,questions,contacts,storage_bytes',
    'tenant_id,tenant_name,period,words,api_requests,questions,contacts,storage_bytes\r\n' +
      '0b6f4c1e-6d1a-4c36-9d0e-0f2b5a7c9e11,Acme Support,2026-01,120400,5300,812,97,73400320\r\n',
  )
  async exportCsv(
    @Query() query: ExportQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    if (reply.request.method === 'HEAD') {
      return csvHeaders(reply, this.exportService.platformFileName(query));
    }
    return csvFile(reply, await this.exportService.exportPlatform(user.id, query));
  }

  @Get('exports')
  @ApiOperation({
    summary: 'List the CSV exports, newest first',
    description: 'Who exported which tenant (or all) and range, when, how many rows, and whether the download completed.',
  })
  @ApiOkResponse({ type: ExportListDto })
  @ApiBadRequestResponse({ description: 'limit outside 1 to 200, or before not the id of an export.' })
  list(@Query() query: ExportListQueryDto): Promise<ExportListDto> {
    return this.records.list(query);
  }
}
