import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';

import { USAGE_METRICS } from '../entities/usage-daily.entity';

export class CounterDto {
  @ApiProperty({ description: 'This calendar month so far, in the tenant\'s time zone.' })
  thisMonth: number;

  @ApiProperty({ description: 'Since the tenant started; survives the pruning of raw events.' })
  lifetime: number;

  @ApiProperty({ description: 'Last month over the same number of days (all of it when it was shorter).' })
  previousMonthToDate: number;
}

export class StorageByKindDto {
  @ApiProperty() text: number;
  @ApiProperty() media: number;
  @ApiProperty() other: number;
}

export class StorageSummaryDto {
  @ApiProperty({ description: 'Bytes stored now.' }) usedBytes: number;
  @ApiProperty() quotaBytes: number;
  @ApiProperty({ description: 'usedBytes / quotaBytes in percent, two decimals; may pass 100.' }) percentUsed: number;
  @ApiProperty({ type: StorageByKindDto, description: 'Bytes per kind.' }) byKind: StorageByKindDto;
}

export class UsageSummaryDto {
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone: string;
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty({ description: 'Every event accepted before this instant is included.' }) asOf: string;
  @ApiProperty({ type: CounterDto }) words: CounterDto;
  @ApiProperty({ type: CounterDto }) apiRequests: CounterDto;
  @ApiProperty({ type: CounterDto }) questions: CounterDto;
  @ApiProperty({ type: CounterDto }) contacts: CounterDto;
  @ApiProperty({ type: StorageSummaryDto }) storage: StorageSummaryDto;
}

export class TimeseriesQueryDto {
  @ApiProperty({ enum: USAGE_METRICS })
  @IsIn(USAGE_METRICS, { message: `metric must be one of ${USAGE_METRICS.join(', ')} (got "$value")` })
  metric: (typeof USAGE_METRICS)[number];

  @ApiProperty({ enum: ['day', 'week', 'month'] })
  @IsIn(['day', 'week', 'month'], { message: 'granularity must be one of day, week, month (got "$value")' })
  granularity: 'day' | 'week' | 'month';

  @ApiProperty({ example: '2026-01-01' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date in the form YYYY-MM-DD (got "$value")' })
  from: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date in the form YYYY-MM-DD (got "$value")' })
  to: string;
}

export class TimeseriesPointDto {
  @ApiProperty({ description: 'YYYY-MM-DD for days, the Monday for ISO weeks, YYYY-MM for months.' }) period: string;
  @ApiProperty() value: number;
}

export class TimeseriesDto {
  @ApiProperty({ enum: USAGE_METRICS }) metric: string;
  @ApiProperty({ enum: ['day', 'week', 'month'] }) granularity: string;
  @ApiProperty() timezone: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [TimeseriesPointDto], description: 'Every period touching the range, in order, zeros included.' }) points: TimeseriesPointDto[];
}
