import { ApiKey } from '../api-keys/entities/api-key.entity';
import { Contact } from '../contacts/entities/contact.entity';
import { UsageEvent } from '../events/entities/usage-event.entity';
import { StorageObject } from '../storage/entities/storage-object.entity';
import { Tenant } from '../tenants/entities/tenant.entity';
import { User } from '../users/entities/user.entity';

/** Every TypeORM entity of the application, registered once with the data source. */
export const ENTITIES = [Tenant, User, ApiKey, UsageEvent, Contact, StorageObject];
