import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTenants1796414400000 implements MigrationInterface {
  name = 'CreateTenants1796414400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tenants" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "name" varchar(200) NOT NULL,
        "timezone" varchar(64) NOT NULL DEFAULT ('UTC'),
        "storage_quota_bytes" bigint NOT NULL DEFAULT (1000000000),
        "created_at" datetime NOT NULL DEFAULT (datetime('now')),
        "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "tenants"`);
  }
}
