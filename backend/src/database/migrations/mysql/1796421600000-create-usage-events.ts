import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsageEvents1796421600000 implements MigrationInterface {
  name = 'CreateUsageEvents1796421600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Client-given ids compare byte for byte (utf8mb4_bin): "Order-1" and "order-1" are two events.
    await queryRunner.query(
      `CREATE TABLE usage_events (
        seq bigint NOT NULL AUTO_INCREMENT,
        tenant_id varchar(36) NOT NULL,
        event_id varchar(128) COLLATE utf8mb4_bin NOT NULL,
        type varchar(16) NOT NULL,
        occurred_at_ms bigint NOT NULL,
        received_at_ms bigint NOT NULL,
        quantity bigint NOT NULL,
        visitor_key varchar(64) COLLATE utf8mb4_bin NULL,
        contact_key varchar(64) COLLATE utf8mb4_bin NULL,
        country varchar(2) NULL,
        object_id varchar(256) COLLATE utf8mb4_bin NULL,
        storage_kind varchar(8) NULL,
        bytes bigint NULL,
        UNIQUE INDEX UQ_usage_events_tenant_event (tenant_id, event_id),
        INDEX IDX_usage_events_tenant_occurred (tenant_id, occurred_at_ms, type, quantity),
        PRIMARY KEY (seq)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );

    await queryRunner.query(
      `CREATE TABLE contacts (
        tenant_id varchar(36) NOT NULL,
        contact_key varchar(64) COLLATE utf8mb4_bin NOT NULL,
        first_captured_ms bigint NOT NULL,
        country varchar(2) NULL,
        INDEX IDX_contacts_tenant_first_captured (tenant_id, first_captured_ms),
        PRIMARY KEY (tenant_id, contact_key)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );

    await queryRunner.query(
      `CREATE TABLE storage_objects (
        tenant_id varchar(36) NOT NULL,
        object_id varchar(256) COLLATE utf8mb4_bin NOT NULL,
        kind varchar(8) NOT NULL,
        bytes bigint NOT NULL,
        deleted tinyint NOT NULL,
        version_key varchar(150) COLLATE utf8mb4_bin NOT NULL,
        INDEX IDX_storage_objects_tenant_bytes (tenant_id, bytes),
        PRIMARY KEY (tenant_id, object_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE storage_objects');
    await queryRunner.query('DROP TABLE contacts');
    await queryRunner.query('DROP TABLE usage_events');
  }
}
