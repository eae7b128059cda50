import { components, operations } from './schema';

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

export type Limit = Schemas['LimitDto'];
export type LimitMetric = Limit['metric'];
export type NotificationList = Schemas['NotificationListDto'];
export type AppNotification = Schemas['NotificationDto'];
export type UnreadCount = Schemas['UnreadCountDto'];

/** Metrics a limit can be set on, in the order the Limits page lists them. */
export const LIMIT_METRICS: readonly LimitMetric[] = ['words', 'apiRequests', 'questions', 'contacts', 'storageBytes'];

export const LIMIT_LABELS: Record<LimitMetric, string> = { ...METRIC_LABELS, storageBytes: 'Storage' };

/** Query of both CSV exports. */
export type ExportQuery = NonNullable<operations['ExportController_exportCsv_v1']['parameters']['query']>;
