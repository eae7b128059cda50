import { Module } from '@nestjs/common';

import { MailModule } from '../mail/mail.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { StorageModule } from '../storage/storage.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsageModule } from '../usage/usage.module';
import { LimitAlertWriter } from './limit-alert-writer';
import { LimitEvaluator } from './limit-evaluator.service';
import { LimitStatusService } from './limit-status.service';
import { LimitWatcher } from './limit-watcher';
import { ApiKeyLimitCheckController, LimitsController } from './limits.controller';
import { LimitsService } from './limits.service';

@Module({
  imports: [TenantsModule, UsageModule, StorageModule, MailModule, NotificationsModule],
  controllers: [LimitsController, ApiKeyLimitCheckController],
  providers: [LimitsService, LimitStatusService, LimitAlertWriter, LimitEvaluator, LimitWatcher],
  exports: [LimitsService, LimitEvaluator],
})
export class LimitsModule {}
