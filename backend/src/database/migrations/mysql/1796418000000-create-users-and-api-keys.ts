import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsersAndApiKeys1796418000000 implements MigrationInterface {
  name = 'CreateUsersAndApiKeys1796418000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE users (
        id varchar(36) NOT NULL,
        email varchar(254) NOT NULL,
        password_hash varchar(255) NOT NULL,
        role varchar(32) NOT NULL,
        tenant_id varchar(36) NULL,
        created_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        updated_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        UNIQUE INDEX UQ_users_email (email),
        INDEX IDX_users_tenant_id (tenant_id),
        PRIMARY KEY (id),
        CONSTRAINT FK_users_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );

    await queryRunner.query(
      `CREATE TABLE api_keys (
        id varchar(36) NOT NULL,
        tenant_id varchar(36) NOT NULL,
        name varchar(100) NOT NULL,
        prefix varchar(16) NOT NULL,
        key_hash varchar(64) NOT NULL,
        created_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        revoked_at datetime NULL,
        INDEX IDX_api_keys_tenant_id (tenant_id),
        UNIQUE INDEX UQ_api_keys_key_hash (key_hash),
        PRIMARY KEY (id),
        CONSTRAINT FK_api_keys_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api_keys');
    await queryRunner.query('DROP TABLE users');
  }
}
