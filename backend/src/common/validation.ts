import { ValidationPipeOptions } from '@nestjs/common';

/** Options of the global ValidationPipe: unknown fields are rejected, values converted to the DTO types. */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
};
