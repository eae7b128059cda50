import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';

import { AuthenticatedApiKey } from '../auth/authenticated';
import { generateApiKey, hashApiKey } from './api-key-secret';
import { ApiKey } from './entities/api-key.entity';

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(@InjectRepository(ApiKey) private readonly apiKeys: Repository<ApiKey>) {}

  /** Creates a key for the tenant and returns it with its secret, which is not stored. */
  async create(tenantId: string, name: string): Promise<{ apiKey: ApiKey; key: string }> {
    const { key, prefix, hash } = generateApiKey();
    const apiKey = this.apiKeys.create({ tenantId, name: name.trim(), prefix, keyHash: hash, revokedAt: null });
    await this.apiKeys.insert(apiKey);

    this.logger.log({ tenantId, apiKeyId: apiKey.id, prefix }, 'Created API key');
    return { apiKey: await this.apiKeys.findOneByOrFail({ id: apiKey.id }), key };
  }

  list(tenantId: string): Promise<ApiKey[]> {
    return this.apiKeys.find({ where: { tenantId }, order: { createdAt: 'DESC' } });
  }

  /** Revokes a key of the tenant; revoking a revoked key changes nothing. */
  async revoke(tenantId: string, apiKeyId: string): Promise<void> {
    const apiKey = await this.apiKeys.findOneBy({ id: apiKeyId, tenantId });
    if (!apiKey) {
      throw new NotFoundException(`API key ${apiKeyId} not found`);
    }
    if (apiKey.revokedAt) {
      return;
    }

    await this.apiKeys.update({ id: apiKeyId }, { revokedAt: new Date() });
    this.logger.log({ tenantId, apiKeyId, prefix: apiKey.prefix }, 'Revoked API key');
  }

  /** Returns the tenant and id of a working key, or null for an unknown or revoked one. */
  async authenticate(key: string): Promise<AuthenticatedApiKey | null> {
    // NOTE: every ingestion request reads the key from the database; revocation is immediate.
    const apiKey = await this.apiKeys.findOneBy({ keyHash: hashApiKey(key), revokedAt: IsNull() });
    return apiKey ? { id: apiKey.id, tenantId: apiKey.tenantId, prefix: apiKey.prefix } : null;
  }
}
