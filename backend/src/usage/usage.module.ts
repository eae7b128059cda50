import { Module } from '@nestjs/common';

import { StorageModule } from '../storage/storage.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsageReader } from './usage-reader';
import { UsageController } from './usage.controller';
import { UsageService } from './usage.service';

@Module({
  imports: [TenantsModule, StorageModule],
  controllers: [UsageController],
  providers: [UsageService, UsageReader],
  exports: [UsageService, UsageReader],
})
export class UsageModule {}
