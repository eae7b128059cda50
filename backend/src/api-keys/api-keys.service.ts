import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';

import { AuthenticatedApiKey } from '../auth/authenticated';
import { generateApiKey, hashApiKey } from './api-key-secret';
import { ApiKey } from './entities/api-key.entity';

/** How long a working key is trusted without asking the database; revocation takes effect within it. */
export const API_KEY_CACHE_TTL_MS = 5000;
const API_KEY_CACHE_MAX_ENTRIES = 10_000;

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  /** Working keys by hash. Unknown keys are not cached, so that a new key works at once everywhere. */
  private readonly cache = new Map<string, { apiKey: AuthenticatedApiKey; expiresAtMs: number }>();

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
    this.cache.delete(apiKey.keyHash);
    this.logger.log({ tenantId, apiKeyId, prefix: apiKey.prefix }, 'Revoked API key');
  }

  /**
   * Returns the tenant and id of a working key, or null for an unknown or revoked one. Working keys
   * are cached for API_KEY_CACHE_TTL_MS, so a key revoked on another instance stops within 5 s.
   */
  async authenticate(key: string): Promise<AuthenticatedApiKey | null> {
    const keyHash = hashApiKey(key);
    const nowMs = Date.now();
    const cached = this.cache.get(keyHash);
    if (cached && cached.expiresAtMs > nowMs) {
      return cached.apiKey;
    }

    const apiKey = await this.apiKeys.findOneBy({ keyHash, revokedAt: IsNull() });
    if (!apiKey) {
      this.cache.delete(keyHash);
      return null;
    }

    const authenticated = { id: apiKey.id, tenantId: apiKey.tenantId, prefix: apiKey.prefix };
    if (this.cache.size >= API_KEY_CACHE_MAX_ENTRIES) {
      // Maps iterate in insertion order, so this drops the oldest entry.
      this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(keyHash, { apiKey: authenticated, expiresAtMs: nowMs + API_KEY_CACHE_TTL_MS });
    return authenticated;
  }
}
