import { HttpClient } from '@angular/common/http';
import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { API, UsageSummary } from '../api/models';
import { AuthService } from '../core/auth.service';
import { readServerSentEvents } from '../shared/server-sent-events';

/** Milliseconds between summary polls while the stream is unavailable. */
export const POLL_INTERVAL_MS = 60_000;

export type LiveMode = 'connecting' | 'live' | 'polling';

/**
 * The usage summary of one tenant, kept current from the `usage/stream` Server-Sent Events. They are
 * read with fetch, because EventSource cannot send the Authorization header. Where the stream fails,
 * the summary is polled every 60 s, and each poll tries the stream again.
 */
@Injectable()
export class LiveSummary {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  private tenantId: string | null = null;
  private connection: AbortController | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;

  readonly summary = signal<UsageSummary | null>(null);
  readonly updatedAt = signal<Date | null>(null);
  readonly mode = signal<LiveMode>('connecting');
  readonly error = signal<string | null>(null);
  readonly refreshing = signal(false);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Follows `tenantId` from now on, dropping whatever was followed before. */
  follow(tenantId: string): void {
    this.stop();
    this.tenantId = tenantId;
    this.summary.set(null);
    this.error.set(null);
    this.connect();
  }

  /** Loads the summary now, whatever the stream does. */
  async refresh(): Promise<void> {
    const tenantId = this.tenantId;
    if (!tenantId) return;

    this.refreshing.set(true);
    try {
      const summary = await firstValueFrom(this.http.get<UsageSummary>(`${API}/tenants/${tenantId}/usage/summary`));
      if (tenantId === this.tenantId) this.accept(summary);
    } catch {
      if (tenantId === this.tenantId) this.error.set('The usage summary could not be loaded. Retry, or check your connection.');
    } finally {
      this.refreshing.set(false);
    }
  }

  stop(): void {
    this.connection?.abort();
    this.connection = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private connect(): void {
    const tenantId = this.tenantId;
    const token = this.auth.token();
    if (!tenantId || !token) return;

    const connection = new AbortController();
    this.connection = connection;
    this.mode.set('connecting');

    void this.stream(tenantId, token, connection).catch(() => {
      if (connection.signal.aborted) return;
      this.fallBackToPolling();
    });
  }

  private async stream(tenantId: string, token: string, connection: AbortController): Promise<void> {
    const response = await fetch(`${API}/tenants/${tenantId}/usage/stream`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      signal: connection.signal,
    });
    if (response.status === 401) {
      this.stop();
      this.auth.expire(this.router.url);
      return;
    }
    if (!response.ok || !response.body) throw new Error(`the summary stream failed with status ${response.status}`);

    this.mode.set('live');
    this.error.set(null);
    await readServerSentEvents(response.body, (event) => {
      if (event.event === 'summary') this.accept(JSON.parse(event.data) as UsageSummary);
    });
    // The server closed the stream (a restart, a proxy timeout): poll until it is back.
    throw new Error('stream ended');
  }

  private fallBackToPolling(): void {
    this.mode.set('polling');
    void this.refresh();
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.connect();
    }, POLL_INTERVAL_MS);
  }

  private accept(summary: UsageSummary): void {
    this.summary.set(summary);
    this.updatedAt.set(new Date());
    this.error.set(null);
  }
}
