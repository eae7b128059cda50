import { Module } from '@nestjs/common';

import { TenantsModule } from '../tenants/tenants.module';
import { GeoController } from './geo.controller';
import { GeoService } from './geo.service';

@Module({
  imports: [TenantsModule],
  controllers: [GeoController],
  providers: [GeoService],
})
export class GeoModule {}
