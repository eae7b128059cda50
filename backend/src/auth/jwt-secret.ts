import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** File of the development secret, relative to the working directory. */
export const DEVELOPMENT_SECRET_FILE = 'data/jwt-secret';

/**
 * Returns JWT_SECRET when it is set. Otherwise it reads the secret kept in `data/jwt-secret` and
 * creates it with 48 random bytes on first use, so that tokens survive restarts. Production never
 * gets here, because configuration validation requires JWT_SECRET there.
 */
export function resolveJwtSecret(configured: string | undefined, file = DEVELOPMENT_SECRET_FILE): {
  secret: string;
  generated: boolean;
} {
  if (configured) {
    return { secret: configured, generated: false };
  }

  try {
    return { secret: readFileSync(file, 'utf8').trim(), generated: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }

  const secret = randomBytes(48).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  // The "wx" flag fails if another process created the file meanwhile; that one then wins.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return { secret: readFileSync(file, 'utf8').trim(), generated: false };
    }
    throw error;
  }
  return { secret, generated: true };
}
