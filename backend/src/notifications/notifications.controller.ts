import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuthenticatedUser } from '../auth/authenticated';
import { Auth, CurrentUser } from '../auth/decorators/access.decorators';
import { MarkedReadDto, NotificationListDto, NotificationListQueryDto, UnreadCountDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('tenants/:tenantId/notifications')
@Auth()
@ApiNotFoundResponse({ description: "The tenant or notification does not exist or is not the caller's." })
export class NotificationsController {
  constructor(private readonly notificationsService: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'List the newest in-app notifications of the tenant, with the unread count of the signed-in user',
    description: 'Each user has their own read state; platform admins see the notifications of any tenant.',
  })
  @ApiOkResponse({ type: NotificationListDto })
  @ApiBadRequestResponse({ description: 'limit is not 1 to 100, or unreadOnly is not true or false.' })
  list(
    @Param('tenantId') tenantId: string,
    @Query() query: NotificationListQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<NotificationListDto> {
    return this.notificationsService.list(tenantId, user.id, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'Count the notifications the signed-in user has not read, for the toolbar badge' })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@Param('tenantId') tenantId: string, @CurrentUser() user: AuthenticatedUser): Promise<UnreadCountDto> {
    return { unreadCount: await this.notificationsService.unreadCount(tenantId, user.id) };
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark every notification of the tenant read for the signed-in user' })
  @ApiOkResponse({ type: MarkedReadDto })
  async markAllRead(@Param('tenantId') tenantId: string, @CurrentUser() user: AuthenticatedUser): Promise<MarkedReadDto> {
    return { marked: await this.notificationsService.markAllRead(tenantId, user.id) };
  }

  @Post(':notificationId/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Mark one notification read for the signed-in user; marking it again changes nothing' })
  @ApiNoContentResponse({ description: 'Marked read.' })
  async markRead(
    @Param('tenantId') tenantId: string,
    @Param('notificationId') notificationId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    await this.notificationsService.markRead(tenantId, user.id, notificationId);
  }
}
