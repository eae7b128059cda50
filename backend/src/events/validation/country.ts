import { isIP } from 'node:net';
import * as geoip from 'geoip-country';
import * as countries from 'i18n-iso-countries';

/** Codes people send for a country that ISO 3166-1 spells differently. */
const CODE_HINTS: Record<string, string> = {
  UK: 'use GB for the United Kingdom',
  EL: 'use GR for Greece',
  EU: 'EU is a union, not a country; send the member state',
  ZZ: 'ZZ means unknown; leave country out instead',
};

export interface ResolvedCountry {
  /** ISO 3166-1 alpha-2 (Kosovo as XK), or null when unknown. */
  country: string | null;
  /** Reason the given value could not be used; the event is still counted, under unknown. */
  warning?: string;
}

/** Tells whether a code is an ISO 3166-1 alpha-2 code (any case), Kosovo's XK included. */
export function isCountryCode(code: string): boolean {
  return /^[A-Za-z]{2}$/.test(code) && countries.isValid(code.toUpperCase());
}

/**
 * Resolves the country of a question or contact from `country`, else from `ip` through the offline
 * GeoLite2 data of geoip-country. The IP is used for this lookup only and never stored or logged.
 */
export function resolveCountry(country: unknown, ip: unknown): ResolvedCountry {
  if (country !== undefined && country !== null) {
    const code = typeof country === 'string' ? country.trim().toUpperCase() : '';
    if (isCountryCode(code)) {
      return { country: code };
    }
    const hint = CODE_HINTS[code] ?? 'use an ISO 3166-1 alpha-2 code such as DE, US or XK';
    return {
      country: null,
      warning: `country ${JSON.stringify(country)} is not an ISO 3166-1 alpha-2 code (${hint}); counted under unknown`,
    };
  }

  if (ip !== undefined && ip !== null) {
    if (typeof ip !== 'string' || isIP(ip.trim()) === 0) {
      return { country: null, warning: 'ip is not a valid IPv4 or IPv6 address; counted under unknown' };
    }
    const code = geoip.lookup(ip.trim())?.country;
    return { country: code && isCountryCode(code) ? code.toUpperCase() : null };
  }

  return { country: null };
}
