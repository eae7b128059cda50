import { createHash, randomBytes } from 'node:crypto';

/** Length of the visible part of a key: `bak_` and 8 hex characters. */
export const API_KEY_PREFIX_LENGTH = 12;

/**
 * Creates a new API key: `bak_<8 hex>_<32 URL-safe characters>`, 192 random bits in the secret part.
 * Returns the key, its visible prefix and the SHA-256 hash that is stored instead of it.
 */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `bak_${randomBytes(4).toString('hex')}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX_LENGTH), hash: hashApiKey(key) };
}

/**
 * Hashes an API key for lookup. A fast hash is enough here, unlike for passwords, because the key
 * carries 192 random bits that no dictionary can guess.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
