import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets a rollup marker carry the usage that its write added to one 15-minute slot, so that reads
 * add it to the snapshot instead of aggregating the marked day from the raw events.
 */
export class AddUsageDeltasToRollupMarkers1796443200000 implements MigrationInterface {
  name = 'AddUsageDeltasToRollupMarkers1796443200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE rollup_markers
         ADD slot bigint NULL,
         ADD words bigint NOT NULL DEFAULT 0,
         ADD api_requests bigint NOT NULL DEFAULT 0,
         ADD questions bigint NOT NULL DEFAULT 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE rollup_markers DROP slot, DROP words, DROP api_requests, DROP questions');
  }
}
