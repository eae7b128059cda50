import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

import { Environment } from '../config/environment';
import { RollupService } from './rollup.service';

/** Runs the rollup on the ROLLUP_CRON schedule; with ROLLUP_CRON=off it runs only on demand. */
@Injectable()
export class RollupScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RollupScheduler.name);

  constructor(
    private readonly rollupService: RollupService,
    private readonly schedulerRegistry: SchedulerRegistry,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = this.config.get('ROLLUP_CRON', { infer: true });
    if (schedule === 'off') {
      this.logger.log('The rollup schedule is off; POST /api/v1/admin/rollups/run runs it');
      return;
    }

    const job = CronJob.from({
      cronTime: schedule,
      // A failed run is logged by RollupService and retried by the next one.
      onTick: async () => {
        await this.rollupService.run({ wait: false }).catch(() => undefined);
      },
      waitForCompletion: true,
    });
    this.schedulerRegistry.addCronJob('rollup', job);
    job.start();
    this.logger.log({ schedule }, 'Scheduled the rollup');
  }
}
