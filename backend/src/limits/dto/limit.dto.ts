import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min, registerDecorator, ValidationOptions, isEmail } from 'class-validator';

import { DEFAULT_THRESHOLDS, LIMIT_METRICS, LimitMetric } from '../limit-metrics';

export const MAX_THRESHOLDS = 10;
export const MAX_NOTIFY_EMAILS = 20;

/** Returns what is wrong with a thresholds array, or null when it is valid. */
export function thresholdsProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'thresholds must be an array of whole percentages from 1 to 1000, such as [80, 100]';
  if (value.length < 1 || value.length > MAX_THRESHOLDS) return `thresholds must contain 1 to ${MAX_THRESHOLDS} percentages (got ${value.length})`;

  const seen = new Set<number>();
  for (const threshold of value) {
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > 1000) {
      return `thresholds must be whole percentages from 1 to 1000; ${JSON.stringify(threshold)} is not`;
    }
    if (seen.has(threshold)) return `thresholds must not repeat a value; ${threshold} appears more than once`;
    seen.add(threshold);
  }
  return null;
}

/** Returns what is wrong with a notifyEmails array, or null when it is valid. */
export function notifyEmailsProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'notifyEmails must be an array of email addresses, such as ["ops@example.com"]';
  if (value.length > MAX_NOTIFY_EMAILS) return `notifyEmails must contain at most ${MAX_NOTIFY_EMAILS} addresses (got ${value.length})`;

  const seen = new Set<string>();
  for (const email of value) {
    if (typeof email !== 'string' || email.length > 254 || !isEmail(email.trim(), { require_tld: false })) {
      return `notifyEmails must contain email addresses; ${JSON.stringify(email)} is not one`;
    }
    const key = email.trim().toLowerCase();
    if (seen.has(key)) return `notifyEmails must not repeat an address; ${JSON.stringify(email)} appears more than once`;
    seen.add(key);
  }
  return null;
}

/** Returns what is wrong with a metric name, or null when it is one of LIMIT_METRICS. */
export function metricProblem(value: unknown): string | null {
  if (typeof value === 'string' && (LIMIT_METRICS as readonly string[]).includes(value)) return null;
  return `metric must be one of ${LIMIT_METRICS.join(', ')} (got ${JSON.stringify(value ?? null)})`;
}

/** Validates a property with a function that returns the problem, so the message names the bad value. */
function Satisfies(problemOf: (value: unknown) => string | null, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: `satisfies${String(propertyName)}`,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: ({ value }) => problemOf(value) ?? '', ...options },
      validator: { validate: (value: unknown) => problemOf(value) === null },
    });
}

export class PutLimitDto {
  @ApiProperty({
    description: 'Usage allowed per calendar month in the tenant\'s time zone; bytes stored for storageBytes.',
    minimum: 1,
    example: 10_000,
  })
  @IsInt({ message: 'monthlyLimit must be a whole number from 1 to 9007199254740991' })
  @Min(1, { message: 'monthlyLimit must be a whole number from 1 to 9007199254740991' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'monthlyLimit must be a whole number from 1 to 9007199254740991' })
  monthlyLimit: number;

  @ApiPropertyOptional({
    type: [Number],
    default: DEFAULT_THRESHOLDS,
    example: [80, 100],
    description: `Percentages of the limit that send an alert: 1 to ${MAX_THRESHOLDS} distinct whole numbers from 1 to 1000.`,
  })
  @IsOptional()
  @Satisfies(thresholdsProblem)
  thresholds?: number[];

  @ApiPropertyOptional({
    type: [String],
    default: [],
    example: ['ops@acme.example'],
    description: `Up to ${MAX_NOTIFY_EMAILS} recipients of the alert emails; empty sends them to the tenant admins.`,
  })
  @IsOptional()
  @Satisfies(notifyEmailsProblem)
  notifyEmails?: string[];
}

export class LimitDto {
  @ApiProperty({ enum: LIMIT_METRICS })
  metric: LimitMetric;

  @ApiProperty({ description: 'Per calendar month; for storageBytes, bytes stored at any time.' })
  monthlyLimit: number;

  @ApiProperty({ type: [Number], example: [80, 100], description: 'Alert thresholds in percent, ascending.' })
  thresholds: number[];

  @ApiProperty({ type: [String], description: 'Alert email recipients; empty means the tenant admins.' })
  notifyEmails: string[];

  @ApiProperty({ description: 'This month so far, live; for storageBytes, the bytes stored now.' })
  used: number;

  @ApiProperty({ description: 'used / monthlyLimit in percent, two decimals; may pass 100.', example: 80.25 })
  percentUsed: number;

  @ApiProperty({
    description:
      "This month's usage extrapolated to the month's end at this month's pace. Weekend days are weighted by the tenant's " +
      'last 28 days. For storageBytes, it equals used.',
  })
  projectedMonthEnd: number;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-12-23',
    description: 'Local date on which projectedMonthEnd reaches the limit this month; null when it has already been reached or will not be.',
  })
  projectedReachDate: string | null;

  @ApiProperty({
    example: '2027-01-01T00:00:00.000+01:00',
    description:
      "The instant this month ends in the tenant's time zone, ISO 8601 with offset. For storageBytes, usage does not reset, " +
      'but its alerts start afresh then.',
  })
  resetsAt: string;

  @ApiProperty({ example: 'Europe/Berlin', description: 'The tenant\'s time zone, to show resetsAt as "resets 1 January 00:00 Europe/Berlin".' })
  timezone: string;

  @ApiProperty({ example: '2026-12', description: 'The month that used counts, YYYY-MM in the tenant\'s time zone.' })
  month: string;

  @ApiProperty({ type: [Number], example: [80], description: 'Thresholds already alerted this month, ascending.' })
  alertedThresholds: number[];

  @ApiProperty({ description: 'Whether the forecast alert has fired this month.' })
  forecastAlerted: boolean;
}

export class LimitCheckQueryDto {
  @ApiProperty({ enum: LIMIT_METRICS })
  @Satisfies(metricProblem)
  metric: LimitMetric;
}

export class LimitCheckDto {
  @ApiProperty({ enum: LIMIT_METRICS })
  metric: LimitMetric;

  @ApiProperty({ description: 'False once usage has reached the limit; always true without a limit.' })
  allowed: boolean;

  @ApiProperty({ nullable: true, type: Number, description: 'monthlyLimit - used, at least 0; null without a limit.' })
  remaining: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'null without a limit.' })
  monthlyLimit: number | null;

  @ApiProperty({ description: 'This month so far, live; for storageBytes, the bytes stored now.' })
  used: number;
}
