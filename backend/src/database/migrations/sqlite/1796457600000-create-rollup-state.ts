import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records how far raw events are pruned, so that the rollup recomputes exactly the days whose raw
 * events are all still there. Until the next prune, the oldest retained event stands in: every
 * earlier prune deleted only events older than it.
 */
export class CreateRollupState1796457600000 implements MigrationInterface {
  name = 'CreateRollupState1796457600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "rollup_state" ("name" varchar(64) NOT NULL, "value" bigint NOT NULL, PRIMARY KEY ("name"))`);
    await queryRunner.query(
      `INSERT INTO "rollup_state" ("name", "value") SELECT 'raw_events_pruned_before', COALESCE(MIN("occurred_at_ms"), 0) FROM "usage_events"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rollup_state"`);
  }
}
