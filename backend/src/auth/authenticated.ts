import { Role } from '../users/entities/user.entity';

/** The signed-in user of a request, loaded from the database or from a cache of at most 5 s. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  role: Role;
  tenantId: string | null;
}

/** The tenant API key of an ingestion request. */
export interface AuthenticatedApiKey {
  id: string;
  tenantId: string;
  prefix: string;
}

/** Claims of a BeyondAsk access token; the role is informational, the guards read it from the database. */
export interface AccessTokenPayload {
  sub: string;
  role: Role;
  tenantId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by passport (JwtAuthGuard, LocalAuthGuard). */
    user?: AuthenticatedUser;
    /** Set by ApiKeyGuard. */
    apiKey?: AuthenticatedApiKey;
  }
}
