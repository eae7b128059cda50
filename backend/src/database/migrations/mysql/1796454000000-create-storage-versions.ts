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
      `CREATE TABLE storage_versions (
        tenant_id varchar(36) NOT NULL,
        object_id varchar(256) COLLATE utf8mb4_bin NOT NULL,
        version_key varchar(150) COLLATE utf8mb4_bin NOT NULL,
        occurred_at_ms bigint NOT NULL,
        kind varchar(8) NOT NULL,
        bytes bigint NOT NULL,
        deleted tinyint NOT NULL,
        INDEX IDX_storage_versions_tenant_occurred (tenant_id, occurred_at_ms),
        PRIMARY KEY (tenant_id, object_id, version_key)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );

    await queryRunner.query(
      `INSERT IGNORE INTO storage_versions (tenant_id, object_id, version_key, occurred_at_ms, kind, bytes, deleted)
       SELECT tenant_id, object_id, CONCAT(LPAD(occurred_at_ms, 15, '0'), ':', event_id), occurred_at_ms,
         COALESCE(storage_kind, 'other'), IF(type = 'storage_delete', 0, bytes), IF(type = 'storage_delete', 1, 0)
       FROM usage_events WHERE type IN ('storage_put', 'storage_delete')`,
    );
    await queryRunner.query(
      `INSERT IGNORE INTO storage_versions (tenant_id, object_id, version_key, occurred_at_ms, kind, bytes, deleted)
       SELECT tenant_id, object_id, version_key, CAST(SUBSTRING(version_key, 1, 15) AS UNSIGNED), kind, bytes, deleted
       FROM storage_objects`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE storage_versions');
  }
}
