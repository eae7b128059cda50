import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerOptions } from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';

import { USES_API_KEY } from '../auth/decorators/access.decorators';

/** Rate-limit bucket of a route: sign-in attempts, ingestion per API key, or calls per user. */
export type RateLimitBucket = 'login' | 'ingest' | 'user' | 'none';

const RATE_LIMIT_BUCKET = 'beyondask:rateLimitBucket';

/** Puts a route in a rate-limit bucket other than the one its authentication implies. */
export const RateLimit = (bucket: RateLimitBucket) => SetMetadata(RATE_LIMIT_BUCKET, bucket);

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

/**
 * The limits. Login counts attempts per client IP and email and per client IP alone, so that
 * neither one account nor many accounts can be brute-forced from one address. The client IP is
 * Fastify's `request.ip`, which reads X-Forwarded-For only when TRUST_PROXY=true.
 */
export const RATE_LIMITS = {
  loginPerEmail: { ttl: FIFTEEN_MINUTES_MS, limit: 10 },
  loginPerIp: { ttl: FIFTEEN_MINUTES_MS, limit: 100 },
} as const;

const reflector = new Reflector();

function bucketOf(context: ExecutionContext): RateLimitBucket {
  const targets = [context.getHandler(), context.getClass()];
  const declared = reflector.getAllAndOverride<RateLimitBucket | undefined>(RATE_LIMIT_BUCKET, targets);
  if (declared) return declared;
  return reflector.getAllAndOverride<boolean>(USES_API_KEY, targets) ? 'ingest' : 'user';
}

function loginEmail(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

/**
 * Builds the named limits: INGEST_RATE_LIMIT requests per second per API key, and USER_RATE_LIMIT
 * requests per minute per user and route.
 */
export function buildThrottlers(ingestPerSecond: number, userPerMinute: number): ThrottlerOptions[] {
  return [
    {
      name: 'login',
      ...RATE_LIMITS.loginPerEmail,
      skipIf: (context) => bucketOf(context) !== 'login',
      getTracker: (request) => `${request.ip}|${loginEmail(request as FastifyRequest)}`,
    },
    {
      name: 'login-ip',
      ...RATE_LIMITS.loginPerIp,
      skipIf: (context) => bucketOf(context) !== 'login',
      getTracker: (request) => String(request.ip),
    },
    {
      name: 'ingest',
      ttl: 1000,
      limit: ingestPerSecond,
      skipIf: (context) => bucketOf(context) !== 'ingest',
      getTracker: (request) => (request as FastifyRequest).apiKey?.id ?? String(request.ip),
    },
    {
      name: 'user',
      ttl: 60 * 1000,
      limit: userPerMinute,
      skipIf: (context) => bucketOf(context) !== 'user',
      getTracker: (request) => (request as FastifyRequest).user?.id ?? String(request.ip),
    },
  ];
}
