import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { Auth } from '../auth/decorators/access.decorators';
import { CreateUserDto } from './dto/create-user.dto';
import { UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('admin/tenants/:tenantId/users')
@Auth('tenant_admin', 'platform_admin')
@ApiNotFoundResponse({ description: 'The tenant does not exist or is not the caller\'s.' })
export class UsersController {
  constructor(private readonly usersService: UsersService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a member or tenant admin of the tenant' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'Invalid email, password or role.' })
  @ApiConflictResponse({ description: 'A user with this email exists already.' })
  async create(@Param('tenantId') tenantId: string, @Body() body: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.usersService.create({ ...body, tenantId }));
  }

  @Get()
  @ApiOperation({ summary: 'List the users of the tenant' })
  @ApiOkResponse({ type: [UserDto] })
  async list(@Param('tenantId') tenantId: string): Promise<UserDto[]> {
    return (await this.usersService.findByTenant(tenantId)).map((user) => UserDto.from(user));
  }
}
