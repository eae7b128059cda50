import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintTransformer } from '../../database/bigint.transformer';

/** A named value that the rollup keeps between runs and instances, such as how far raw events are pruned. */
@Entity({ name: 'rollup_state' })
export class RollupState {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  value: number;
}
