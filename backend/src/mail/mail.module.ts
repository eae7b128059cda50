import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { Environment } from '../config/environment';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport';
import { OutboxWorker } from './outbox-worker';
import { OutboxService } from './outbox.service';

/** Alert emails: the outbox that features write to, and the worker that sends it over SMTP_URL. */
@Module({
  providers: [
    OutboxService,
    OutboxWorker,
    {
      provide: MAIL_TRANSPORT,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => createMailTransport(config),
    },
  ],
  exports: [OutboxService, OutboxWorker],
})
export class MailModule {}
