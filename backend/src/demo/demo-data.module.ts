import { Module } from '@nestjs/common';

import { ApiKeysModule } from '../api-keys/api-keys.module';
import { RollupModule } from '../rollup/rollup.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsersModule } from '../users/users.module';
import { DemoDataService } from './demo-data.service';

@Module({
  imports: [TenantsModule, UsersModule, ApiKeysModule, RollupModule],
  providers: [DemoDataService],
  exports: [DemoDataService],
})
export class DemoDataModule {}
