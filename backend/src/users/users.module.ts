import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { User } from './entities/user.entity';
import { PlatformAdminBootstrap } from './platform-admin.bootstrap';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UsersService, PlatformAdminBootstrap],
  exports: [UsersService],
})
export class UsersModule {}
