import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Logger } from 'pino';

import { buildHttpLoggerOptions } from './create-logger';

/** Routes the Nest logger and the per-request logs through one pino instance. */
@Module({})
export class LoggingModule {
  static register(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: buildHttpLoggerOptions(logger) })],
      exports: [LoggerModule],
    };
  }
}
