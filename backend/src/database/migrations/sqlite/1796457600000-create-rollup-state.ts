import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Holds what the rollup keeps between runs: the cutoff of the latest prune, which the next prune
 * records, and since when storage_versions holds every object's full history. On a database with
 * stored objects that is now, because their pruned events are lost; on an empty one, always.
 */
export class CreateRollupState1796457600000 implements MigrationInterface {
  name = 'CreateRollupState1796457600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "rollup_state" ("name" varchar(64) NOT NULL, "value" bigint NOT NULL, PRIMARY KEY ("name"))`);
    await queryRunner.query(
      `INSERT INTO "rollup_state" ("name", "value")
       SELECT 'storage_history_from', CASE WHEN EXISTS (SELECT 1 FROM "storage_objects") THEN ? ELSE 0 END`,
      [Date.now()],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rollup_state"`);
  }
}
