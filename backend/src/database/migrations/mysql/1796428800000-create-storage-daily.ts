import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStorageDaily1796428800000 implements MigrationInterface {
  name = 'CreateStorageDaily1796428800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE storage_daily (
        tenant_id varchar(36) NOT NULL, day varchar(10) NOT NULL, kind varchar(8) NOT NULL, bytes bigint NOT NULL,
        PRIMARY KEY (tenant_id, day, kind)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE storage_daily');
  }
}
