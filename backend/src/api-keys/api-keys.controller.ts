import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { ApiKeyAuth, Auth, CurrentApiKey } from '../auth/decorators/access.decorators';
import { AuthenticatedApiKey } from '../auth/authenticated';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, CurrentApiKeyDto } from './dto/api-key.dto';

@ApiTags('api-keys')
@Controller('tenants/:tenantId/api-keys')
@Auth('tenant_admin', 'platform_admin')
@ApiNotFoundResponse({ description: "The tenant or key does not exist or is not the caller's." })
export class ApiKeysController {
  constructor(private readonly apiKeysService: ApiKeysService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create an API key for ingestion; the key is shown only in this response' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({ description: 'Invalid name.' })
  async create(@Param('tenantId') tenantId: string, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { apiKey, key } = await this.apiKeysService.create(tenantId, body.name);
    return CreatedApiKeyDto.withKey(apiKey, key);
  }

  @Get()
  @ApiOperation({ summary: 'List the API keys of the tenant, without their secrets' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  async list(@Param('tenantId') tenantId: string): Promise<ApiKeyDto[]> {
    return (await this.apiKeysService.list(tenantId)).map((apiKey) => ApiKeyDto.from(apiKey));
  }

  @Delete(':apiKeyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked, or already revoked.' })
  async revoke(
    @Param('tenantId') tenantId: string,
    @Param('apiKeyId') apiKeyId: string,
  ): Promise<void> {
    await this.apiKeysService.revoke(tenantId, apiKeyId);
  }
}

@ApiTags('api-keys')
@Controller('api-keys/current')
export class CurrentApiKeyController {
  @Get()
  @ApiKeyAuth()
  @ApiOperation({ summary: 'Check an API key: returns its id, tenant and prefix' })
  @ApiOkResponse({ type: CurrentApiKeyDto })
  current(@CurrentApiKey() apiKey: AuthenticatedApiKey): CurrentApiKeyDto {
    return Object.assign(new CurrentApiKeyDto(), { id: apiKey.id, tenantId: apiKey.tenantId, prefix: apiKey.prefix });
  }
}
