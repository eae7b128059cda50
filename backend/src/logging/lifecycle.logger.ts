import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

/** Logs the stop of the process, with the signal that caused it. */
@Injectable()
export class LifecycleLogger implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(`Stopping${signal ? ` on ${signal}` : ''}`);
  }
}
