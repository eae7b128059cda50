import { ValueTransformer } from 'typeorm';

/**
 * Converts a BIGINT read from either driver into a JavaScript number.
 * mysql2 (with supportBigNumbers and without bigNumberStrings) returns numbers for safe integers
 * and strings beyond 2^53 - 1; those are rejected here instead of being silently rounded.
 */
export function toSafeInteger(value: unknown): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) {
    throw new RangeError(`BIGINT value ${String(value)} is outside the safe integer range of JavaScript numbers`);
  }
  return number;
}

export const bigintTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : toSafeInteger(value)),
};
