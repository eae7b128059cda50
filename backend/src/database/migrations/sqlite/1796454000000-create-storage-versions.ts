import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keeps every put and delete of a stored object, so that the rollup can rebuild end-of-day storage
 * for past days. Versions come from the retained raw events and from each object's current state.
 * Where older events are pruned, an object's history before its retained events is unknown, so
 * the rollup rebuilds no day before this migration (see CreateRollupState1796457600000).
 */
export class CreateStorageVersions1796454000000 implements MigrationInterface {
  name = 'CreateStorageVersions1796454000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "storage_versions" (
        "tenant_id" varchar(36) NOT NULL,
        "object_id" varchar(256) NOT NULL,
        "version_key" varchar(150) NOT NULL,
        "occurred_at_ms" bigint NOT NULL,
        "kind" varchar(8) NOT NULL,
        "bytes" bigint NOT NULL,
        "deleted" boolean NOT NULL,
        PRIMARY KEY ("tenant_id", "object_id", "version_key")
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_storage_versions_tenant_occurred" ON "storage_versions" ("tenant_id", "occurred_at_ms")`);

    await queryRunner.query(
      `INSERT OR IGNORE INTO "storage_versions" ("tenant_id", "object_id", "version_key", "occurred_at_ms", "kind", "bytes", "deleted")
       SELECT "tenant_id", "object_id", substr('000000000000000' || "occurred_at_ms", -15) || ':' || "event_id", "occurred_at_ms",
         COALESCE("storage_kind", 'other'), CASE WHEN "type" = 'storage_delete' THEN 0 ELSE "bytes" END, "type" = 'storage_delete'
       FROM "usage_events" WHERE "type" IN ('storage_put', 'storage_delete')`,
    );
    await queryRunner.query(
      `INSERT OR IGNORE INTO "storage_versions" ("tenant_id", "object_id", "version_key", "occurred_at_ms", "kind", "bytes", "deleted")
       SELECT "tenant_id", "object_id", "version_key", CAST(substr("version_key", 1, 15) AS INTEGER), "kind", "bytes", "deleted"
       FROM "storage_objects"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "storage_versions"`);
  }
}
