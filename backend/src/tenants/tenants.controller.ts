import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { Auth } from '../auth/decorators/access.decorators';
import { CreateTenantDto } from './dto/create-tenant.dto';
import { TenantDto } from './dto/tenant.dto';
import { UpdateTenantDto } from './dto/update-tenant.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenants')
@Controller('admin/tenants')
@Auth('platform_admin')
export class TenantsController {
  constructor(private readonly tenantsService: TenantsService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a tenant' })
  @ApiCreatedResponse({ type: TenantDto })
  @ApiBadRequestResponse({ description: 'Invalid name, time zone or quota.' })
  async create(@Body() body: CreateTenantDto): Promise<TenantDto> {
    return TenantDto.from(await this.tenantsService.create(body));
  }

  @Get()
  @ApiOperation({ summary: 'List every tenant' })
  @ApiOkResponse({ type: [TenantDto] })
  async list(): Promise<TenantDto[]> {
    return (await this.tenantsService.findAll()).map((tenant) => TenantDto.from(tenant));
  }

  @Patch(':tenantId')
  @ApiOperation({ summary: "Change a tenant's name, time zone or storage quota" })
  @ApiOkResponse({ type: TenantDto })
  @ApiBadRequestResponse({ description: 'Invalid name, time zone or quota.' })
  @ApiNotFoundResponse({ description: 'No tenant with this id.' })
  async update(@Param('tenantId') tenantId: string, @Body() body: UpdateTenantDto): Promise<TenantDto> {
    return TenantDto.from(await this.tenantsService.update(tenantId, body));
  }
}
