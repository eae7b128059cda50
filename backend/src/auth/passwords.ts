import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/** Hashes a password with argon2id and the library's default cost (64 MiB, 3 passes, as of argon2 0.44). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password);
}

/** Creates a random password for the first platform admin: 18 URL-safe characters (108 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url').slice(0, 18);
}
