import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';

import { LimitsModule } from '../limits/limits.module';
import { JobLeaseService } from './job-lease.service';
import { RollupController } from './rollup.controller';
import { RollupScheduler } from './rollup.scheduler';
import { RollupService } from './rollup.service';

@Module({
  imports: [ScheduleModule.forRoot(), LimitsModule],
  controllers: [RollupController],
  providers: [RollupService, RollupScheduler, JobLeaseService],
  exports: [RollupService, JobLeaseService],
})
export class RollupModule {}
