import { components } from './schema';

type Schemas = components['schemas'];

/** Response and request shapes of the API, named after the backend's DTOs without the suffix. */
export type User = Schemas['UserDto'];
export type LoginResponse = Schemas['LoginResponseDto'];
export type Tenant = Schemas['TenantDto'];
export type UsageSummary = Schemas['UsageSummaryDto'];
export type Counter = Schemas['CounterDto'];
export type Timeseries = Schemas['TimeseriesDto'];
export type TimeseriesPoint = Schemas['TimeseriesPointDto'];
export type Storage = Schemas['StorageDto'];
export type GeoCountries = Schemas['GeoCountriesDto'];
export type GeoRegions = Schemas['GeoRegionsDto'];

export type Role = User['role'];

/** The counters of the usage summary, which are also the metrics of the timeseries endpoint. */
export const USAGE_METRICS = ['words', 'apiRequests', 'questions', 'contacts'] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

export type Granularity = 'day' | 'week' | 'month';
export type GeoSubject = 'contacts' | 'visitors';

/** Base path of the versioned API. */
export const API = '/api/v1';

/** Display names of the metrics. */
export const METRIC_LABELS: Record<UsageMetric, string> = {
  words: 'Words processed',
  apiRequests: 'API requests',
  questions: 'Questions',
  contacts: 'Contacts',
};

export function isUsageMetric(value: string): value is UsageMetric {
  return (USAGE_METRICS as readonly string[]).includes(value);
}

export type ApiKey = Schemas['ApiKeyDto'];
export type CreatedApiKey = Schemas['CreatedApiKeyDto'];
