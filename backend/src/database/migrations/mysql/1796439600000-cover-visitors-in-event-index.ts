import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds country and visitor_key to the rollup's index on usage_events, so that counting a month's
 * distinct visitors per country reads the index alone instead of one table row per question.
 * InnoDB rebuilds the index in place while the table stays writable; on a large table this takes
 * minutes.
 */
export class CoverVisitorsInEventIndex1796439600000 implements MigrationInterface {
  name = 'CoverVisitorsInEventIndex1796439600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE usage_events
         DROP INDEX IDX_usage_events_tenant_occurred,
         ADD INDEX IDX_usage_events_tenant_occurred_usage (tenant_id, occurred_at_ms, type, quantity, country, visitor_key)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE usage_events
         DROP INDEX IDX_usage_events_tenant_occurred_usage,
         ADD INDEX IDX_usage_events_tenant_occurred (tenant_id, occurred_at_ms, type, quantity)`,
    );
  }
}
