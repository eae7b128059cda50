/** Fixed passwords of the demo users, printed at start; the demo is for local trials only. */
export const DEMO_PASSWORDS = {
  tenantAdmin: 'demo-admin-123',
  member: 'demo-member-123',
} as const;

/** One demo tenant: who it is and how busy its widgets, integrations and knowledge base are. */
export interface DemoTenantProfile {
  /** Short name inside event, visitor, contact and object ids. */
  slug: string;
  name: string;
  timezone: string;
  adminEmail: string;
  memberEmail: string;
  /** Visitor questions per weekday at the end of the 13 months, at scale 1; each gets an AI answer. */
  questionsPerDay: number;
  /** `api_request` events per weekday at the end of the 13 months, at scale 1. */
  apiEventsPerDay: number;
  /** Share of questions after which the visitor leaves contact details. */
  contactRate: number;
  /** Pace on Saturday and on Sunday, relative to a weekday. */
  weekendPace: readonly [saturday: number, sunday: number];
  /** Factors on the global country mix for the tenant's own market. */
  homeCountries: Readonly<Record<string, number>>;
  storageQuotaBytes: number;
  /** Share of the quota in use once every storage event is applied. */
  storageUsedShare: number;
  /** Objects uploaded over the 13 months at scale 1, per kind. */
  storageObjects: Readonly<{ text: number; media: number; other: number }>;
}

/**
 * The three demo tenants, one per time zone. Spreewald uses 86 % of its storage quota, so one
 * tenant is past the 80 % warning level.
 */
export const DEMO_TENANTS: readonly DemoTenantProfile[] = [
  {
    slug: 'hudson',
    name: 'Hudson Outdoor Supply',
    timezone: 'America/New_York',
    adminEmail: 'admin@hudson-outdoor.example',
    memberEmail: 'member@hudson-outdoor.example',
    questionsPerDay: 170,
    apiEventsPerDay: 110,
    contactRate: 0.05,
    weekendPace: [0.55, 0.45],
    homeCountries: { US: 2.5, CA: 2, MX: 1.5 },
    storageQuotaBytes: 5_000_000_000,
    storageUsedShare: 0.46,
    storageObjects: { text: 320, media: 90, other: 45 },
  },
  {
    slug: 'spreewald',
    name: 'Spreewald Software GmbH',
    timezone: 'Europe/Berlin',
    adminEmail: 'admin@spreewald-software.example',
    memberEmail: 'member@spreewald-software.example',
    questionsPerDay: 95,
    apiEventsPerDay: 150,
    contactRate: 0.07,
    weekendPace: [0.3, 0.25],
    homeCountries: { DE: 6, AT: 5, CH: 5, NL: 1.5, PL: 1.5 },
    storageQuotaBytes: 2_000_000_000,
    storageUsedShare: 0.86,
    storageObjects: { text: 240, media: 55, other: 40 },
  },
  {
    slug: 'ganga',
    name: 'Ganga Learning',
    timezone: 'Asia/Kolkata',
    adminEmail: 'admin@ganga-learning.example',
    memberEmail: 'member@ganga-learning.example',
    questionsPerDay: 180,
    apiEventsPerDay: 80,
    contactRate: 0.04,
    weekendPace: [0.7, 0.55],
    homeCountries: { IN: 7, BD: 4, NP: 4, LK: 4, AE: 2, SG: 2 },
    storageQuotaBytes: 10_000_000_000,
    storageUsedShare: 0.27,
    storageObjects: { text: 280, media: 120, other: 35 },
  },
];
