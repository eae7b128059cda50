// geoip-country ships without type declarations; this covers the one function used here.
declare module 'geoip-country' {
  export interface GeoCountry {
    /** ISO 3166-1 alpha-2 code. */
    country: string;
  }
  export function lookup(ip: string): GeoCountry | null;
}
