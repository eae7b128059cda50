import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export class CreateRollupTables1796425200000 implements MigrationInterface {
  name = 'CreateRollupTables1796425200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE rollup_markers (
        id bigint NOT NULL AUTO_INCREMENT,
        tenant_id varchar(36) NOT NULL,
        utc_day int NOT NULL,
        INDEX IDX_rollup_markers_tenant_day (tenant_id, utc_day),
        PRIMARY KEY (id)
      ) ${TABLE_OPTIONS}`,
    );
    await queryRunner.query(
      `CREATE TABLE usage_daily (
        tenant_id varchar(36) NOT NULL, metric varchar(16) NOT NULL, day varchar(10) NOT NULL, value bigint NOT NULL,
        PRIMARY KEY (tenant_id, metric, day)
      ) ${TABLE_OPTIONS}`,
    );
    await queryRunner.query(
      `CREATE TABLE usage_monthly (
        tenant_id varchar(36) NOT NULL, metric varchar(16) NOT NULL, month varchar(7) NOT NULL, value bigint NOT NULL,
        PRIMARY KEY (tenant_id, metric, month)
      ) ${TABLE_OPTIONS}`,
    );
    await queryRunner.query(
      `CREATE TABLE geo_monthly (
        tenant_id varchar(36) NOT NULL, subject varchar(8) NOT NULL, month varchar(7) NOT NULL,
        country varchar(2) NOT NULL, count bigint NOT NULL,
        PRIMARY KEY (tenant_id, subject, month, country)
      ) ${TABLE_OPTIONS}`,
    );
    await queryRunner.query(
      `CREATE TABLE job_leases (
        name varchar(64) NOT NULL, holder varchar(64) NOT NULL, expires_at_ms bigint NOT NULL,
        PRIMARY KEY (name)
      ) ${TABLE_OPTIONS}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['job_leases', 'geo_monthly', 'usage_monthly', 'usage_daily', 'rollup_markers']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
