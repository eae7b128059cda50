import { Tenant } from '../tenants/entities/tenant.entity';

/** Every TypeORM entity of the application, registered once with the data source. */
export const ENTITIES = [Tenant];
