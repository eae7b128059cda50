import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';

/** A contact of a tenant, counted once, in the month of its earliest capture. */
@Entity({ name: 'contacts' })
@Index('IDX_contacts_tenant_first_captured', ['tenantId', 'firstCapturedMs'])
export class Contact {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId: string;

  /** SHA-256 of the client's contact id (base64url); the id itself is not stored. */
  @PrimaryColumn({ name: 'contact_key', type: 'varchar', length: 64 })
  contactKey: string;

  /** Earliest occurredAt of the contact's events, in milliseconds since the Unix epoch. */
  @Column({ name: 'first_captured_ms', type: 'bigint', transformer: bigintTransformer })
  firstCapturedMs: number;

  /** ISO 3166-1 alpha-2 from the first event that had one; null while unknown. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;
}
