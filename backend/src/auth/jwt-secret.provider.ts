import { Injectable, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { Environment } from '../config/environment';
import { DEVELOPMENT_SECRET_FILE, resolveJwtSecret } from './jwt-secret';

/** The resolved signing key of access tokens, injected where tokens are signed or verified. */
@Injectable()
export class JwtSecret {
  constructor(readonly value: string) {}
}

@Module({
  providers: [
    {
      provide: JwtSecret,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const { secret, generated } = resolveJwtSecret(config.get('JWT_SECRET', { infer: true }));
        if (generated) {
          new Logger('JwtSecret').log({ file: DEVELOPMENT_SECRET_FILE }, 'Generated a JWT signing key for development');
        }
        return new JwtSecret(secret);
      },
    },
  ],
  exports: [JwtSecret],
})
export class JwtSecretModule {}
