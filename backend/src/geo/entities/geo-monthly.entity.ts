import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';

export const GEO_SUBJECTS = ['contacts', 'visitors'] as const;
export type GeoSubject = (typeof GEO_SUBJECTS)[number];

/**
 * Contacts first captured, or distinct visitors who asked questions, per country and month (in the
 * tenant's time zone). Country '' is unknown.
 */
@Entity({ name: 'geo_monthly' })
export class GeoMonthly {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  subject: GeoSubject;

  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  country: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  count: number;
}
