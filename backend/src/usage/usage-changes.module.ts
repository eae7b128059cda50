import { Global, Module } from '@nestjs/common';

import { UsageChanges } from './usage-changes.service';

/** Global, so that the event writer can announce changes and the usage streams can follow them. */
@Global()
@Module({
  providers: [UsageChanges],
  exports: [UsageChanges],
})
export class UsageChangesModule {}
