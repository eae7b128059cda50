import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds country and visitor_key to the rollup's index on usage_events, so that counting a month's
 * distinct visitors per country reads the index alone instead of one table row per question.
 */
export class CoverVisitorsInEventIndex1796439600000 implements MigrationInterface {
  name = 'CoverVisitorsInEventIndex1796439600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_usage_events_tenant_occurred"');
    await queryRunner.query(
      `CREATE INDEX "IDX_usage_events_tenant_occurred_usage" ON "usage_events" ("tenant_id", "occurred_at_ms", "type", "quantity", "country", "visitor_key")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_usage_events_tenant_occurred_usage"');
    await queryRunner.query(`CREATE INDEX "IDX_usage_events_tenant_occurred" ON "usage_events" ("tenant_id", "occurred_at_ms", "type", "quantity")`);
  }
}
