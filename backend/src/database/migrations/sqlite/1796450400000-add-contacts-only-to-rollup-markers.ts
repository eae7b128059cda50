import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets a marker name a day whose contacts alone changed, so that reads recount that day's contacts
 * but keep its usage snapshot instead of aggregating all of its raw events.
 */
export class AddContactsOnlyToRollupMarkers1796450400000 implements MigrationInterface {
  name = 'AddContactsOnlyToRollupMarkers1796450400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "rollup_markers" ADD COLUMN "contacts_only" boolean NOT NULL DEFAULT (0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "rollup_markers" DROP COLUMN "contacts_only"');
  }
}
