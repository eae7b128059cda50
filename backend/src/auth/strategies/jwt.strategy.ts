import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { UsersService } from '../../users/users.service';
import { AccessTokenPayload, AuthenticatedUser } from '../authenticated';
import { JwtSecret } from '../jwt-secret.provider';

/**
 * Verifies bearer tokens (HS256 only, so `alg: none` and other algorithms fail) and loads the user,
 * whose role and tenant then come from the database (cached for a few seconds) rather than from the
 * token.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    private readonly usersService: UsersService,
    secret: JwtSecret,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, because jsonwebtoken 9 turns a string key into one on every verification, first
      // trying to parse it as a PEM public key and catching the failure. That took about 10 % of the
      // server's CPU time in the metrics read benchmark. The type definitions of passport-jwt 4 list
      // only string and Buffer, but the library passes any key through to jsonwebtoken.
      secretOrKey: createSecretKey(Buffer.from(secret.value)) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<AuthenticatedUser | false> {
    const user = typeof payload.sub === 'string' ? await this.usersService.findAuthenticated(payload.sub) : null;
    return user ?? false;
  }
}
