import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { forkJoin, map, Observable } from 'rxjs';

import { API, Granularity, Timeseries, UsageMetric } from '../api/models';
import { DateRange } from '../shared/periods';

/** Timeseries of several metrics over one range, keyed by metric. */
export type SeriesByMetric = Partial<Record<UsageMetric, Timeseries>>;

@Injectable({ providedIn: 'root' })
export class UsageApi {
  private readonly http = inject(HttpClient);

  timeseries(tenantId: string, metric: UsageMetric, granularity: Granularity, range: DateRange): Observable<Timeseries> {
    return this.http.get<Timeseries>(`${API}/tenants/${tenantId}/usage/timeseries`, {
      params: { metric, granularity, from: range.from, to: range.to },
    });
  }

  /** Fetches the metrics in parallel; the result has every metric or the whole call fails. */
  series(tenantId: string, metrics: readonly UsageMetric[], granularity: Granularity, range: DateRange): Observable<SeriesByMetric> {
    return forkJoin(metrics.map((metric) => this.timeseries(tenantId, metric, granularity, range))).pipe(
      map((all) => Object.fromEntries(metrics.map((metric, index) => [metric, all[index]])) as SeriesByMetric),
    );
  }
}
