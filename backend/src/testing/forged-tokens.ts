import { JwtService } from '@nestjs/jwt';

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Signs an access token for `userId` that expired a minute ago. */
export function expiredToken(secret: string, userId: string): string {
  const now = Math.floor(Date.now() / 1000);
  return new JwtService({ secret }).sign({ sub: userId, role: 'platform_admin', iat: now - 3600, exp: now - 60 });
}

/** Signs a well-formed access token with a key the server does not know. */
export function tokenWithOtherSecret(userId: string): string {
  return new JwtService({ secret: 'another-secret-that-the-server-does-not-know' }).sign(
    { sub: userId, role: 'platform_admin', tenantId: null },
    { expiresIn: 3600 },
  );
}

/** Builds an unsigned token with `alg: none`, which a correct verifier rejects. */
export function unsignedToken(userId: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: userId, role: 'platform_admin', iat: now, exp: now + 3600 })}.`;
}

/** Rewrites the payload of a signed token (here: its role) and keeps the original signature. */
export function tokenWithEditedRole(token: string, role: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  return `${header}.${base64url({ ...claims, role, tenantId: null })}.${signature}`;
}
