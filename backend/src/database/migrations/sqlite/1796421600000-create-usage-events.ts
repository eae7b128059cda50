import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsageEvents1796421600000 implements MigrationInterface {
  name = 'CreateUsageEvents1796421600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite allows AUTOINCREMENT only on INTEGER, which is a 64-bit integer there.
    await queryRunner.query(
      `CREATE TABLE "usage_events" (
        "seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "tenant_id" varchar(36) NOT NULL,
        "event_id" varchar(128) NOT NULL,
        "type" varchar(16) NOT NULL,
        "occurred_at_ms" bigint NOT NULL,
        "received_at_ms" bigint NOT NULL,
        "quantity" bigint NOT NULL,
        "visitor_key" varchar(64),
        "contact_key" varchar(64),
        "country" varchar(2),
        "object_id" varchar(256),
        "storage_kind" varchar(8),
        "bytes" bigint
      )`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_usage_events_tenant_event" ON "usage_events" ("tenant_id", "event_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_usage_events_tenant_occurred" ON "usage_events" ("tenant_id", "occurred_at_ms", "type", "quantity")`);

    await queryRunner.query(
      `CREATE TABLE "contacts" (
        "tenant_id" varchar(36) NOT NULL,
        "contact_key" varchar(64) NOT NULL,
        "first_captured_ms" bigint NOT NULL,
        "country" varchar(2),
        PRIMARY KEY ("tenant_id", "contact_key")
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_contacts_tenant_first_captured" ON "contacts" ("tenant_id", "first_captured_ms")`);

    await queryRunner.query(
      `CREATE TABLE "storage_objects" (
        "tenant_id" varchar(36) NOT NULL,
        "object_id" varchar(256) NOT NULL,
        "kind" varchar(8) NOT NULL,
        "bytes" bigint NOT NULL,
        "deleted" boolean NOT NULL,
        "version_key" varchar(150) NOT NULL,
        PRIMARY KEY ("tenant_id", "object_id")
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_storage_objects_tenant_bytes" ON "storage_objects" ("tenant_id", "bytes")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "storage_objects"`);
    await queryRunner.query(`DROP TABLE "contacts"`);
    await queryRunner.query(`DROP TABLE "usage_events"`);
  }
}
