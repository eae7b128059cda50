import { CreateTenants1796414400000 } from './1796414400000-create-tenants';
import { CreateUsersAndApiKeys1796418000000 } from './1796418000000-create-users-and-api-keys';
import { CreateUsageEvents1796421600000 } from './1796421600000-create-usage-events';
import { CreateRollupTables1796425200000 } from './1796425200000-create-rollup-tables';
import { CreateStorageDaily1796428800000 } from './1796428800000-create-storage-daily';
import { CreateExports1796432400000 } from './1796432400000-create-exports';
import { CreateLimitsAndAlerts1796436000000 } from './1796436000000-create-limits-and-alerts';
import { CoverVisitorsInEventIndex1796439600000 } from './1796439600000-cover-visitors-in-event-index';
import { AddUsageDeltasToRollupMarkers1796443200000 } from './1796443200000-add-usage-deltas-to-rollup-markers';
import { CoverUsageDeltas1796446800000 } from './1796446800000-cover-usage-deltas';
import { AddContactsOnlyToRollupMarkers1796450400000 } from './1796450400000-add-contacts-only-to-rollup-markers';
import { CreateStorageVersions1796454000000 } from './1796454000000-create-storage-versions';
import { CreateRollupState1796457600000 } from './1796457600000-create-rollup-state';

/** Every migration of this dialect, oldest first. Never edit one that has been committed. */
export const SQLITE_MIGRATIONS = [
  CreateTenants1796414400000,
  CreateUsersAndApiKeys1796418000000,
  CreateUsageEvents1796421600000,
  CreateRollupTables1796425200000,
  CreateStorageDaily1796428800000,
  CreateExports1796432400000,
  CreateLimitsAndAlerts1796436000000,
  CoverVisitorsInEventIndex1796439600000,
  AddUsageDeltasToRollupMarkers1796443200000,
  CoverUsageDeltas1796446800000,
  AddContactsOnlyToRollupMarkers1796450400000,
  CreateStorageVersions1796454000000,
  CreateRollupState1796457600000,
];
