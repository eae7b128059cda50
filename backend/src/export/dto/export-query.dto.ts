import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

import { ExportGranularity } from '../export-rows.reader';
import { MAX_EXPORT_YEARS } from '../export-range';

const DATE_FORM = /^\d{4}-\d{2}-\d{2}$/;

/** Maps the query strings "true" and "false" to booleans and leaves anything else for the validator to reject. */
function parseBooleanQuery({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class ExportQueryDto {
  @ApiPropertyOptional({
    example: '2026-01-01',
    description:
      "First day, in each tenant's time zone. Default: the tenant's first day with usage or storage data, " +
      `at most ${MAX_EXPORT_YEARS} years before to.`,
  })
  @IsOptional()
  @Matches(DATE_FORM, { message: 'from must be a date in the form YYYY-MM-DD (got "$value")' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: "Last day, included, in each tenant's time zone. Default: the tenant's today, or from when that is later." })
  @IsOptional()
  @Matches(DATE_FORM, { message: 'to must be a date in the form YYYY-MM-DD (got "$value")' })
  to?: string;

  @ApiPropertyOptional({
    enum: ['day', 'month'],
    default: 'day',
    description: 'One row per calendar day or per calendar month (YYYY-MM) touching the range.',
  })
  @IsOptional()
  @IsIn(['day', 'month'], { message: 'granularity must be one of day, month (got "$value")' })
  granularity: ExportGranularity = 'day';

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Start the file with a UTF-8 byte-order mark, which Excel needs to read UTF-8.' })
  @IsOptional()
  @Transform(parseBooleanQuery)
  @IsBoolean({ message: 'bom must be true or false (got "$value")' })
  bom = false;
}

export const MAX_EXPORT_LIST_LIMIT = 200;

export class ExportListQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: MAX_EXPORT_LIST_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `limit must be an integer from 1 to ${MAX_EXPORT_LIST_LIMIT} (got "$value")` })
  @Min(1, { message: `limit must be an integer from 1 to ${MAX_EXPORT_LIST_LIMIT} (got "$value")` })
  @Max(MAX_EXPORT_LIST_LIMIT, { message: `limit must be an integer from 1 to ${MAX_EXPORT_LIST_LIMIT} (got "$value")` })
  limit = 50;

  @ApiPropertyOptional({ format: 'uuid', description: 'Id of an export from an earlier page (its nextBefore); returns the exports started before it.' })
  @IsOptional()
  @IsUUID('all', { message: 'before must be the id of an export, as nextBefore returns it (got "$value")' })
  before?: string;
}
