import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** Turns the query strings "true" and "false" into booleans and leaves anything else for @IsIn to reject. */
function parseBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'limit_threshold', description: '`limit_threshold` (a limit threshold was reached) or `limit_forecast` (usage is on track to pass a limit).' })
  kind: string;

  @ApiProperty({ nullable: true, type: String, example: 'questions', description: 'The metric of a limit notification.' })
  metric: string | null;

  @ApiProperty({ example: 'questions at 80 % of the monthly limit' })
  title: string;

  @ApiProperty({ example: 'Acme has used 8,000 of its 10,000 questions this month (80.00 %). The limit resets on 1 January 2027 at 00:00 (Europe/Berlin).' })
  message: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The limit alert behind the notification.' })
  alertId: string | null;

  @ApiProperty({ nullable: true, type: String, example: '/tenants/4f0c…/limits', description: 'Dashboard path to open, relative to its root.' })
  link: string | null;

  @ApiProperty({ example: '2026-12-04T10:15:00.000Z' })
  createdAt: string;

  @ApiProperty({ description: 'Whether the signed-in user has marked it read.' })
  read: boolean;
}

export class NotificationListDto {
  @ApiProperty({ type: [NotificationDto], description: 'Newest first.' })
  items: NotificationDto[];

  @ApiProperty({ description: 'Unread notifications of the signed-in user in this tenant, all of them, not only those listed.' })
  unreadCount: number;
}

export class UnreadCountDto {
  @ApiProperty()
  unreadCount: number;
}

export class MarkedReadDto {
  @ApiProperty({ description: 'Notifications that were unread and are now read.' })
  marked: number;
}

export class NotificationListQueryDto {
  @ApiProperty({ required: false, default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit = 20;

  @ApiProperty({ required: false, default: false, description: 'List only the notifications the signed-in user has not read.' })
  @IsOptional()
  @Transform(parseBoolean)
  @IsIn([true, false], { message: 'unreadOnly must be true or false' })
  unreadOnly = false;
}
