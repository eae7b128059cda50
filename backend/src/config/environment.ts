import { plainToInstance, Transform } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';
import { validateCronExpression } from 'cron';

import { parseDatabaseUrl, redactUrlPassword } from './database-url';

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every variable the process reads; anything else in the environment is ignored. */
export const ENVIRONMENT_VARIABLES = [
  'NODE_ENV',
  'LOG_LEVEL',
  'PORT',
  'HOST',
  'DATABASE_URL',
  'JWT_SECRET',
  'JWT_EXPIRES_IN',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'DEMO_DATA',
  'ROLLUP_CRON',
  'SMTP_URL',
  'MAIL_FROM',
  'PUBLIC_URL',
  'REDIS_URL',
  'TRUST_PROXY',
  'CORS_ORIGINS',
  'RAW_RETENTION_DAYS',
  'INGEST_RATE_LIMIT',
  'USER_RATE_LIMIT',
] as const;

/** Variables whose values never appear in an error message. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'ADMIN_PASSWORD']);

/** Variables that may carry a password inside a URL. */
const URL_VARIABLES = new Set(['DATABASE_URL', 'SMTP_URL', 'REDIS_URL']);

@ValidatorConstraint({ name: 'databaseUrl' })
class DatabaseUrlConstraint implements ValidatorConstraintInterface {
  private problem = '';

  validate(value: unknown): boolean {
    try {
      parseDatabaseUrl(String(value));
      return true;
    } catch (error) {
      this.problem = (error as Error).message;
      return false;
    }
  }

  defaultMessage(): string {
    return `${this.problem}; expected sqlite:<path> or mysql://user:pass@host:port/database`;
  }
}

/** Splits CORS_ORIGINS into its origins, dropping blanks. */
export function parseCorsOrigins(value: string): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

@ValidatorConstraint({ name: 'corsOrigins' })
class CorsOriginsConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return parseCorsOrigins(String(value)).every((origin) => /^https?:\/\/[^/\s]+$/.test(origin));
  }

  defaultMessage(): string {
    return 'must be a comma-separated list of origins such as https://app.example.com,http://localhost:4200';
  }
}

@ValidatorConstraint({ name: 'cronOrOff' })
class CronOrOffConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return value === 'off' || validateCronExpression(String(value)).valid;
  }

  defaultMessage(): string {
    return 'must be a cron expression such as "*/1 * * * *" (minute hour day month weekday), or "off"';
  }
}

/** Turns "true" and "false" into booleans and leaves anything else for @IsIn to reject. */
function parseBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** Turns a string of digits into a number and leaves anything else for @IsInt to reject. */
function parseInteger({ value }: { value: unknown }): unknown {
  if (typeof value === 'number') return value;
  return /^-?\d+$/.test(String(value)) ? Number(value) : value;
}

/**
 * The process configuration, read from environment variables. Every variable has a default
 * except JWT_SECRET in production. `validateEnvironment` builds and checks it once at start.
 */
export class Environment {
  @IsIn(NODE_ENVIRONMENTS, { message: `must be one of ${NODE_ENVIRONMENTS.join(', ')}` })
  NODE_ENV: (typeof NODE_ENVIRONMENTS)[number] = 'development';

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(parseInteger)
  @IsInt({ message: 'must be an integer TCP port from 1 to 65535' })
  @Min(1, { message: 'must be an integer TCP port from 1 to 65535' })
  @Max(65535, { message: 'must be an integer TCP port from 1 to 65535' })
  PORT = 3000;

  /** Interface to listen on: all of them by default, as containers need; `npm start` sets 127.0.0.1. */
  @Matches(/^(localhost|[0-9.]+|[0-9a-fA-F:]+)$/, { message: 'must be an IP address such as 127.0.0.1 or 0.0.0.0, or localhost' })
  HOST = '0.0.0.0';

  @Validate(DatabaseUrlConstraint)
  DATABASE_URL = 'sqlite:./data/beyondask.sqlite';

  /** Signing key for access tokens; when unset outside production, one is generated into ./data/. */
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsDefined({ message: 'is required when NODE_ENV=production; set it to a random string of at least 32 characters' })
  @MinLength(32, { message: 'must be at least 32 characters long' })
  JWT_SECRET?: string;

  @Matches(/^[1-9]\d*[smhd]?$/, {
    message: 'must be a positive number of seconds or a duration such as 15m, 1h or 7d',
  })
  JWT_EXPIRES_IN = '1h';

  @IsEmail({ require_tld: false }, { message: 'must be an email address' })
  ADMIN_EMAIL = 'admin@beyondask.local';

  @IsOptional()
  @MinLength(8, { message: 'must be at least 8 characters long' })
  ADMIN_PASSWORD?: string;

  @Transform(parseBoolean)
  @IsIn([true, false], { message: 'must be true or false' })
  DEMO_DATA = false;

  @Validate(CronOrOffConstraint)
  ROLLUP_CRON = '*/1 * * * *';

  @IsOptional()
  @Matches(/^smtps?:\/\/[^/\s]+/, { message: 'must be an SMTP URL such as smtp://user:pass@localhost:1025' })
  SMTP_URL?: string;

  @IsString()
  @Matches(/^([^<>]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, {
    message: 'must be an address such as "BeyondAsk <no-reply@example.com>" or no-reply@example.com',
  })
  MAIL_FROM = 'BeyondAsk <no-reply@beyondask.local>';

  /** Address of the dashboard for links in alert emails; without it, http://localhost:PORT. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/, {
    message: 'must be the http(s) address of the dashboard, such as https://metrics.example.com, without query or fragment',
  })
  PUBLIC_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/[^/\s]+/, { message: 'must be a Redis URL such as redis://127.0.0.1:6379' })
  REDIS_URL?: string;

  @Transform(parseBoolean)
  @IsIn([true, false], { message: 'must be true or false' })
  TRUST_PROXY = false;

  /** Origins allowed by CORS, comma-separated; empty closes CORS. */
  @Validate(CorsOriginsConstraint)
  CORS_ORIGINS = '';

  @Transform(parseInteger)
  @IsInt({ message: 'must be a whole number of days from 1 to 3650' })
  @Min(1, { message: 'must be a whole number of days from 1 to 3650' })
  @Max(3650, { message: 'must be a whole number of days from 1 to 3650' })
  RAW_RETENTION_DAYS = 400;

  /** Ingestion requests per second allowed for one API key. */
  @Transform(parseInteger)
  @IsInt({ message: 'must be a whole number of requests per second from 1 to 1000000' })
  @Min(1, { message: 'must be a whole number of requests per second from 1 to 1000000' })
  @Max(1_000_000, { message: 'must be a whole number of requests per second from 1 to 1000000' })
  INGEST_RATE_LIMIT = 10_000;

  /** Requests per minute allowed for one user on one route. */
  @Transform(parseInteger)
  @IsInt({ message: 'must be a whole number of requests per minute from 1 to 10000000' })
  @Min(1, { message: 'must be a whole number of requests per minute from 1 to 10000000' })
  @Max(10_000_000, { message: 'must be a whole number of requests per minute from 1 to 10000000' })
  USER_RATE_LIMIT = 1200;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

function describeValue(variable: string, value: unknown): string {
  if (SECRET_VARIABLES.has(variable)) {
    return '';
  }
  const text = URL_VARIABLES.has(variable) ? redactUrlPassword(String(value)) : String(value);
  return ` (got "${text}")`;
}

/**
 * Builds the configuration from environment variables. Empty values count as unset, so that
 * `PORT=` keeps the default. Throws a ConfigurationError that names every invalid variable.
 */
export function validateEnvironment(variables: Record<string, string | undefined>): Environment {
  const present: Record<string, string> = {};
  for (const name of ENVIRONMENT_VARIABLES) {
    const value = variables[name];
    if (value !== undefined && value.trim() !== '') {
      present[name] = value.trim();
    }
  }

  const environment = plainToInstance(Environment, present);
  const errors = validateSync(environment, { skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.map((error) => {
      const constraints = error.constraints ?? {};
      // A missing value fails every rule; the "required" message is the one that helps.
      const message = constraints['isDefined'] ?? Object.values(constraints)[0] ?? 'is invalid';
      const value = present[error.property];
      const valueNote = value === undefined ? '' : describeValue(error.property, value);
      return `${error.property} ${message}${valueNote}`;
    });
    throw new ConfigurationError(problems);
  }

  environment.PUBLIC_URL = (environment.PUBLIC_URL ?? `http://localhost:${environment.PORT}`).replace(/\/+$/, '');
  return environment;
}
