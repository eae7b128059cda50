import { ConflictException, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { generatePassword } from '../auth/passwords';
import { Environment } from '../config/environment';
import { UsersService } from './users.service';

/**
 * Creates the platform admin from ADMIN_EMAIL and ADMIN_PASSWORD when the database has no users.
 * A generated password is printed once on standard output and never logged.
 */
@Injectable()
export class PlatformAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlatformAdminBootstrap.name);

  constructor(
    private readonly usersService: UsersService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.usersService.count()) > 0) {
      return;
    }

    const email = this.config.get('ADMIN_EMAIL', { infer: true });
    const configured = this.config.get('ADMIN_PASSWORD', { infer: true });
    const password = configured ?? generatePassword();

    try {
      const admin = await this.usersService.create({ email, password, role: 'platform_admin', tenantId: null });
      this.logger.log({ userId: admin.id }, 'Created the platform admin');
    } catch (error) {
      if (!(error instanceof ConflictException)) {
        throw error;
      }
      // Another instance that started at the same time created it first.
      this.logger.warn({ email }, 'Skipped creating the platform admin because the email exists');
      return;
    }

    if (!configured) {
      process.stdout.write(
        `\nPlatform admin: ${email} / ${password}\n` +
          'This generated password is shown only once; set ADMIN_PASSWORD to choose your own.\n\n',
      );
    }
  }
}
