import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

/**
 * Counts a hit and reports the window: KEYS[1] counts hits, KEYS[2] marks a block.
 * ARGV: window ms, limit, block ms. Returns hits, window ms left, blocked (0/1), block ms left.
 */
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local windowLeft = redis.call('PTTL', KEYS[1])
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then return {hits, windowLeft, 1, blockLeft} end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, windowLeft, 1, tonumber(ARGV[3])}
end
return {hits, windowLeft, 0, 0}
`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const KEY_PREFIX = 'beyondask:throttle:';

/** Minimum time between two "Redis unavailable" log lines. */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * Rate-limit counters in Redis, shared by every API instance. When Redis does not respond, requests
 * are let through and the failure is logged, because an outage of the limiter should not take the
 * API down with it.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastErrorLoggedAt = 0;

  constructor(private readonly redis: Redis) {}

  static connect(url: string): RedisThrottlerStorage {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    const storage = new RedisThrottlerStorage(redis);
    redis.on('error', (error) => storage.logFailure(error));
    return storage;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      const [totalHits, windowLeftMs, blocked, blockLeftMs] = (await this.redis.eval(
        INCREMENT_SCRIPT,
        2,
        `${KEY_PREFIX}${throttlerName}:${key}`,
        `${KEY_PREFIX}${throttlerName}:${key}:blocked`,
        ttl,
        limit,
        blockDuration,
      )) as [number, number, number, number];

      return {
        totalHits,
        timeToExpire: Math.max(0, Math.ceil(windowLeftMs / 1000)),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.max(0, Math.ceil(blockLeftMs / 1000)),
      };
    } catch (error) {
      this.logFailure(error as Error);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private logFailure(error: Error): void {
    const now = Date.now();
    if (now - this.lastErrorLoggedAt < ERROR_LOG_INTERVAL_MS) {
      return;
    }
    this.lastErrorLoggedAt = now;
    this.logger.error({ err: error }, 'Redis rate-limit store failed; requests are not rate-limited meanwhile');
  }
}
