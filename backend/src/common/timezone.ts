import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Returns the spelling of an IANA time zone name to store (`europe/berlin` → `Europe/Berlin`), or
 * undefined when Intl does not know the zone. A name is kept as given rather than replaced by the
 * runtime's canonical one, because ICU still calls `Asia/Kolkata` by its old name `Asia/Calcutta`.
 */
export function canonicalTimezone(name: string): string | undefined {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }

  if (resolved.toLowerCase() === name.toLowerCase()) return resolved;
  return name === name.toLowerCase() ? titleCase(name) : name;
}

/** Capitalises each word of an all-lower-case zone name: `asia/ho_chi_minh` → `Asia/Ho_Chi_Minh`. */
function titleCase(name: string): string {
  return name.replace(/(^|[/_])([a-z])/g, (_match, separator: string, letter: string) => separator + letter.toUpperCase());
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
