import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule, ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';

import { Environment } from '../config/environment';
import { buildThrottlers } from './rate-limits';
import { RedisThrottlerStorage } from './redis-throttler.storage';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/** Rate limits in memory, or in Redis when REDIS_URL is set so that all instances share the counts. */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>): ThrottlerStorage => {
        const redisUrl = config.get('REDIS_URL', { infer: true });
        return redisUrl ? RedisThrottlerStorage.connect(redisUrl) : new ThrottlerStorageService();
      },
    },
  ],
  exports: [RATE_LIMIT_STORAGE],
})
class RateLimitStorageModule {}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [RATE_LIMIT_STORAGE, ConfigService],
      useFactory: (storage: ThrottlerStorage, config: ConfigService<Environment, true>) => ({
        throttlers: buildThrottlers(config.get('INGEST_RATE_LIMIT', { infer: true }), config.get('USER_RATE_LIMIT', { infer: true })),
        storage,
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class ThrottlingModule {}
