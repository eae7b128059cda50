import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExports1796432400000 implements MigrationInterface {
  name = 'CreateExports1796432400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE exports (
        id varchar(36) NOT NULL,
        user_id varchar(36) NOT NULL,
        tenant_id varchar(36) NULL,
        granularity varchar(8) NOT NULL,
        range_from varchar(10) NULL,
        range_to varchar(10) NULL,
        row_count bigint NOT NULL,
        status varchar(16) NOT NULL,
        started_at_ms bigint NOT NULL,
        finished_at_ms bigint NULL,
        INDEX IDX_exports_started_at (started_at_ms, id),
        PRIMARY KEY (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE exports');
  }
}
