import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Returns the canonical spelling of an IANA time zone name (`europe/berlin` → `Europe/Berlin`),
 * or undefined when Intl does not know the zone.
 */
export function canonicalTimezone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Validates that a string is an IANA time zone name known to this Node.js runtime. */
export function IsIanaTimezone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIanaTimezone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: ({ value }) =>
          `timezone must be an IANA time zone name such as "Europe/Berlin" or "UTC" (got "${String(value)}")`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && canonicalTimezone(value) !== undefined,
      },
    });
}
