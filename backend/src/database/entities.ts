import { ApiKey } from '../api-keys/entities/api-key.entity';
import { Contact } from '../contacts/entities/contact.entity';
import { GeoMonthly } from '../geo/entities/geo-monthly.entity';
import { LimitAlert } from '../limits/entities/limit-alert.entity';
import { UsageLimit } from '../limits/entities/usage-limit.entity';
import { OutboxEmail } from '../mail/entities/outbox-email.entity';
import { NotificationRead } from '../notifications/entities/notification-read.entity';
import { Notification } from '../notifications/entities/notification.entity';
import { JobLease } from '../rollup/entities/job-lease.entity';
import { RollupMarker } from '../rollup/entities/rollup-marker.entity';
import { RollupState } from '../rollup/entities/rollup-state.entity';
import { UsageEvent } from '../events/entities/usage-event.entity';
import { ExportRecord } from '../export/entities/export-record.entity';
import { StorageDaily } from '../storage/entities/storage-daily.entity';
import { StorageObject } from '../storage/entities/storage-object.entity';
import { StorageVersion } from '../storage/entities/storage-version.entity';
import { Tenant } from '../tenants/entities/tenant.entity';
import { UsageDaily } from '../usage/entities/usage-daily.entity';
import { UsageMonthly } from '../usage/entities/usage-monthly.entity';
import { User } from '../users/entities/user.entity';

/** Every TypeORM entity of the application, registered once with the data source. */
export const ENTITIES = [
  Tenant,
  User,
  ApiKey,
  UsageEvent,
  Contact,
  StorageObject,
  RollupMarker,
  RollupState,
  UsageDaily,
  UsageMonthly,
  GeoMonthly,
  JobLease,
  StorageDaily,
  StorageVersion,
  UsageLimit,
  LimitAlert,
  Notification,
  NotificationRead,
  OutboxEmail,
  ExportRecord,
];
