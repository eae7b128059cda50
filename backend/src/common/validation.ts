import { ValidationPipeOptions } from '@nestjs/common';

/**
 * Options of the global ValidationPipe: unknown fields are rejected, values converted to the DTO
 * types, and each field reports only its first broken rule, so one bad value gives one message.
 */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: true,
};
