import { Module } from '@nestjs/common';

import { EventWriter } from './event-writer';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  controllers: [EventsController],
  providers: [EventsService, EventWriter],
})
export class EventsModule {}
