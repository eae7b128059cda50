import { SeededRandom, WeightedPicker } from './seeded-random';

/**
 * Relative weights of visitor countries, chosen by hand to resemble the audience of a global
 * English-language website: the United States first, then India, the large European markets,
 * Brazil, Canada and Japan, and a long tail. They are not measured traffic shares.
 */
const WEB_TRAFFIC_WEIGHTS: Readonly<Record<string, number>> = {
  US: 28, IN: 9, GB: 6, DE: 6, BR: 5, FR: 4, CA: 4, JP: 3.5, AU: 2.5, ES: 2.5, IT: 2.5, MX: 2,
  NL: 2, ID: 1.5, PL: 1.5, TR: 1.2, KR: 1.2, PH: 1.1, SE: 1, CH: 1, AT: 1, NG: 1, VN: 1, AR: 0.9,
  ZA: 0.8, SG: 0.8, BE: 0.7, AE: 0.7, PK: 0.7, EG: 0.6, IE: 0.6, PT: 0.6, DK: 0.5, NO: 0.5, FI: 0.5,
  NZ: 0.5, CO: 0.5, CL: 0.5, BD: 0.4, KE: 0.4, IL: 0.4, CZ: 0.4, RO: 0.4, GR: 0.4, HU: 0.3, UA: 0.3,
  NP: 0.2, LK: 0.2, XK: 0.05,
};

/** Share of visitors whose country is not known: no country field at all. */
const UNKNOWN_SHARE = 0.03;

/**
 * Codes that some senders use although they are not ISO 3166-1 alpha-2; ingestion stores the event
 * under unknown and returns a warning for each.
 */
const INVALID_CODES: ReadonlyArray<readonly [string, number]> = [
  ['UK', 0.004],
  ['EU', 0.001],
];

/** Draws visitor countries for one tenant: the global mix, weighted towards its home market. */
export class CountryMix {
  private readonly picker: WeightedPicker<string>;

  constructor(homeCountries: Readonly<Record<string, number>>) {
    const weights = Object.entries(WEB_TRAFFIC_WEIGHTS).map(
      ([code, weight]) => [code, weight * (homeCountries[code] ?? 1)] as const,
    );
    this.picker = new WeightedPicker(weights);
  }

  /** Returns an ISO code, an invalid code such as `UK`, or undefined for an unknown country. */
  pick(random: SeededRandom): string | undefined {
    const draw = random.next();
    let threshold = 0;
    for (const [code, share] of INVALID_CODES) {
      threshold += share;
      if (draw < threshold) return code;
    }
    if (draw < threshold + UNKNOWN_SHARE) return undefined;
    return this.picker.pick(random);
  }
}

/** Tells whether the demo workload uses a code as one of its deliberately invalid countries. */
export function isDeliberatelyInvalidCountry(code: string | undefined): boolean {
  return INVALID_CODES.some(([invalid]) => invalid === code);
}
