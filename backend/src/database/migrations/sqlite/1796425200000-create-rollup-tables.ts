import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRollupTables1796425200000 implements MigrationInterface {
  name = 'CreateRollupTables1796425200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite allows AUTOINCREMENT only on INTEGER, which is a 64-bit integer there.
    await queryRunner.query(
      `CREATE TABLE "rollup_markers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "tenant_id" varchar(36) NOT NULL, "utc_day" integer NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_rollup_markers_tenant_day" ON "rollup_markers" ("tenant_id", "utc_day")`);
    await queryRunner.query(
      `CREATE TABLE "usage_daily" ("tenant_id" varchar(36) NOT NULL, "metric" varchar(16) NOT NULL, "day" varchar(10) NOT NULL, "value" bigint NOT NULL, PRIMARY KEY ("tenant_id", "metric", "day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "usage_monthly" ("tenant_id" varchar(36) NOT NULL, "metric" varchar(16) NOT NULL, "month" varchar(7) NOT NULL, "value" bigint NOT NULL, PRIMARY KEY ("tenant_id", "metric", "month"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "geo_monthly" ("tenant_id" varchar(36) NOT NULL, "subject" varchar(8) NOT NULL, "month" varchar(7) NOT NULL, "country" varchar(2) NOT NULL, "count" bigint NOT NULL, PRIMARY KEY ("tenant_id", "subject", "month", "country"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "job_leases" ("name" varchar(64) PRIMARY KEY NOT NULL, "holder" varchar(64) NOT NULL, "expires_at_ms" bigint NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['job_leases', 'geo_monthly', 'usage_monthly', 'usage_daily', 'rollup_markers']) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
