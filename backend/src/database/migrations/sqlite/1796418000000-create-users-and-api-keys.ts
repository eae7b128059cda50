import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsersAndApiKeys1796418000000 implements MigrationInterface {
  name = 'CreateUsersAndApiKeys1796418000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "email" varchar(254) NOT NULL,
        "password_hash" varchar(255) NOT NULL,
        "role" varchar(32) NOT NULL,
        "tenant_id" varchar(36),
        "created_at" datetime NOT NULL DEFAULT (datetime('now')),
        "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
        CONSTRAINT "FK_users_tenant_id" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users" ("email")`);
    await queryRunner.query(`CREATE INDEX "IDX_users_tenant_id" ON "users" ("tenant_id")`);

    await queryRunner.query(
      `CREATE TABLE "api_keys" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "tenant_id" varchar(36) NOT NULL,
        "name" varchar(100) NOT NULL,
        "prefix" varchar(16) NOT NULL,
        "key_hash" varchar(64) NOT NULL,
        "created_at" datetime NOT NULL DEFAULT (datetime('now')),
        "revoked_at" datetime,
        CONSTRAINT "FK_api_keys_tenant_id" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_keys_tenant_id" ON "api_keys" ("tenant_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_keys_key_hash" ON "api_keys" ("key_hash")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
