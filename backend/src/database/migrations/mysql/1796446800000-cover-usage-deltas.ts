import { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets the reads sum a tenant's usage deltas per slot from an index alone. */
export class CoverUsageDeltas1796446800000 implements MigrationInterface {
  name = 'CoverUsageDeltas1796446800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX IDX_rollup_markers_tenant_slot ON rollup_markers (tenant_id, slot, utc_day, words, api_requests, questions)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IDX_rollup_markers_tenant_slot ON rollup_markers');
  }
}
