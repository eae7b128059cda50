import { ApiKey } from '../api-keys/entities/api-key.entity';
import { Tenant } from '../tenants/entities/tenant.entity';
import { User } from '../users/entities/user.entity';

/** Every TypeORM entity of the application, registered once with the data source. */
export const ENTITIES = [Tenant, User, ApiKey];
