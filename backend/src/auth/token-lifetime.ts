const SECONDS_PER_UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** Converts a JWT_EXPIRES_IN value (`3600`, `15m`, `1h`, `7d`) into seconds. */
export function tokenLifetimeSeconds(value: string): number {
  const match = /^([1-9]\d*)([smhd]?)$/.exec(value);
  if (!match) {
    throw new Error(`JWT_EXPIRES_IN must be a number of seconds or a duration such as 15m, 1h or 7d (got "${value}")`);
  }
  return Number(match[1]) * SECONDS_PER_UNIT[match[2]];
}
