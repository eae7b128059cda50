import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTenants1796414400000 implements MigrationInterface {
  name = 'CreateTenants1796414400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE tenants (
        id varchar(36) NOT NULL,
        name varchar(200) NOT NULL,
        timezone varchar(64) NOT NULL DEFAULT 'UTC',
        storage_quota_bytes bigint NOT NULL DEFAULT '1000000000',
        created_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        updated_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE tenants`);
  }
}
