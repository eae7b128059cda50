import { Module } from '@nestjs/common';

import { StorageModule } from '../storage/storage.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsageReader } from './usage-reader';
import { UsageStreamService } from './usage-stream.service';
import { UsageController } from './usage.controller';
import { UsageService } from './usage.service';

@Module({
  imports: [TenantsModule, StorageModule],
  controllers: [UsageController],
  providers: [UsageService, UsageReader, UsageStreamService],
  exports: [UsageService, UsageReader],
})
export class UsageModule {}
