import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, map, Observable, of } from 'rxjs';

export interface ComponentHealth {
  status: 'up' | 'down';
  [detail: string]: unknown;
}

/** The body of GET /api/health, as @nestjs/terminus returns it. */
export interface HealthReport {
  status: 'ok' | 'error' | 'shutting_down';
  details: Record<string, ComponentHealth>;
}

/** Result of one health check from the dashboard's point of view. */
export type HealthState =
  | { kind: 'ok' | 'degraded'; report: HealthReport; checkedAt: Date }
  | { kind: 'unreachable'; message: string; checkedAt: Date };

@Injectable({ providedIn: 'root' })
export class HealthService {
  private readonly http = inject(HttpClient);

  check(): Observable<HealthState> {
    return this.http.get<HealthReport>('/api/health').pipe(
      map((report) => ({ kind: 'ok' as const, report, checkedAt: new Date() })),
      catchError((error: HttpErrorResponse) => of(this.toState(error))),
    );
  }

  private toState(error: HttpErrorResponse): HealthState {
    // Terminus responds 503 with the same body shape when a component is down.
    if (error.status === 503 && error.error?.details) {
      return { kind: 'degraded', report: error.error as HealthReport, checkedAt: new Date() };
    }
    const message =
      error.status === 0 ? 'The API server did not respond.' : `The API responded with status ${error.status}.`;
    return { kind: 'unreachable', message, checkedAt: new Date() };
  }
}
