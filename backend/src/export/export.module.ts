import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { StorageModule } from '../storage/storage.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsageModule } from '../usage/usage.module';
import { AdminExportController } from './admin-export.controller';
import { ExportRecord } from './entities/export-record.entity';
import { ExportRecordsService } from './export-records.service';
import { ExportRowsReader } from './export-rows.reader';
import { ExportController } from './export.controller';
import { ExportService } from './export.service';

@Module({
  imports: [TypeOrmModule.forFeature([ExportRecord]), TenantsModule, UsageModule, StorageModule],
  controllers: [ExportController, AdminExportController],
  providers: [ExportService, ExportRowsReader, ExportRecordsService],
  exports: [ExportService],
})
export class ExportModule {}
