import { USAGE_METRICS } from '../usage/entities/usage-daily.entity';

/** Metrics a limit can be set on: the monthly counters, and storage measured against current usage. */
export const LIMIT_METRICS = [...USAGE_METRICS, 'storageBytes'] as const;
export type LimitMetric = (typeof LIMIT_METRICS)[number];

export const DEFAULT_THRESHOLDS = [80, 100];

/** Names of the metrics in sentences, emails and notifications. */
export const METRIC_LABELS: Record<LimitMetric, string> = {
  words: 'words',
  apiRequests: 'API requests',
  questions: 'questions',
  contacts: 'contacts',
  storageBytes: 'storage',
};

export function isLimitMetric(value: unknown): value is LimitMetric {
  return typeof value === 'string' && (LIMIT_METRICS as readonly string[]).includes(value);
}
