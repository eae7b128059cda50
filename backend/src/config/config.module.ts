import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';

import { Environment } from './environment';

/**
 * Makes the validated Environment available through ConfigService<Environment, true>.
 * The process environment is read and checked once, by validateEnvironment, before Nest starts.
 */
@Module({})
export class AppConfigModule {
  static register(environment: Environment): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          load: [() => ({ ...environment })],
        }),
      ],
    };
  }
}
