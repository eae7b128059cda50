import { DynamicModule, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';

import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { AppConfigModule } from './config/config.module';
import { Environment } from './config/environment';
import { ContactsModule } from './contacts/contacts.module';
import { DatabaseModule } from './database/database.module';
import { DemoDataModule } from './demo/demo-data.module';
import { EventsModule } from './events/events.module';
import { ExportModule } from './export/export.module';
import { GeoModule } from './geo/geo.module';
import { HealthModule } from './health/health.module';
import { LimitsModule } from './limits/limits.module';
import { RollupModule } from './rollup/rollup.module';
import { LoggingModule } from './logging/logging.module';
import { MailModule } from './mail/mail.module';
import { NotificationsModule } from './notifications/notifications.module';
import { StorageModule } from './storage/storage.module';
import { TenantsModule } from './tenants/tenants.module';
import { UsageChangesModule } from './usage/usage-changes.module';
import { UsageModule } from './usage/usage.module';
import { UsersModule } from './users/users.module';

export interface AppModuleOptions {
  environment: Environment;
  dataSource: DataSource;
  logger: Logger;
  /** Folder of the built dashboard; it is served at `/` when it contains index.html. */
  frontendDir: string;
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(options.environment),
        LoggingModule.register(options.logger),
        DatabaseModule.register(options.dataSource),
        UsageChangesModule,
        HealthModule,
        AuthModule,
        TenantsModule,
        UsersModule,
        ApiKeysModule,
        EventsModule,
        RollupModule,
        UsageModule,
        StorageModule,
        ContactsModule,
        GeoModule,
        MailModule,
        NotificationsModule,
        LimitsModule,
        ExportModule,
        DemoDataModule,
      ],
    };
  }
}
