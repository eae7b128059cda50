import { ExecutionContext, Injectable, ValidationPipe } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { FastifyRequest } from 'fastify';

import { VALIDATION_OPTIONS } from '../../common/validation';
import { LoginDto } from '../dto/login.dto';

/**
 * Runs the local strategy on POST /auth/login after validating the body, so that a malformed
 * request gets a 400 that lists the bad fields instead of a 401.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly validation = new ValidationPipe(VALIDATION_OPTIONS);

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    await this.validation.transform(request.body, { type: 'body', metatype: LoginDto });
    return (await super.canActivate(context)) as boolean;
  }
}
