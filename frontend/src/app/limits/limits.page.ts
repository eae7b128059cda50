import { HttpClient, HttpErrorResponse, httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { DateTime } from 'luxon';
import { firstValueFrom } from 'rxjs';

import { API, Limit, LIMIT_LABELS, LIMIT_METRICS, LimitMetric } from '../api/models';
import { AuthService } from '../core/auth.service';
import { NotificationsState } from '../core/notifications.service';
import { TenantContext } from '../core/tenant-context.service';
import { formatBytes, formatCount } from '../shared/format';
import { UsageBar } from '../shared/usage-bar';
import { LimitFormValue, toLimitBody } from './limit-form';

interface LimitRow {
  metric: LimitMetric;
  label: string;
  limit: Limit | null;
}

/** Each metric's monthly limit with usage, projection and reset time; admins edit them. */
@Component({
  selector: 'ba-limits-page',
  imports: [FormsModule, MatButtonModule, MatCardModule, MatChipsModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, UsageBar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './limits.page.html',
  styleUrl: './limits.page.scss',
})
export class LimitsPage {
  private readonly http = inject(HttpClient);
  protected readonly auth = inject(AuthService);
  protected readonly context = inject(TenantContext);
  private readonly notifications = inject(NotificationsState);

  protected readonly limits = httpResource<Limit[]>(() => {
    const tenantId = this.context.tenantId();
    return tenantId ? `${API}/tenants/${tenantId}/limits` : undefined;
  });

  protected readonly rows = computed<LimitRow[]>(() => {
    const limits = this.limits.value() ?? [];
    return LIMIT_METRICS.map((metric) => ({
      metric,
      label: LIMIT_LABELS[metric],
      limit: limits.find((limit) => limit.metric === metric) ?? null,
    }));
  });

  protected readonly editing = signal<LimitMetric | null>(null);
  protected readonly form = signal<LimitFormValue>({ monthlyLimit: '', thresholds: '80, 100', notifyEmails: '' });
  protected readonly problem = signal<string | null>(null);
  protected readonly busy = signal(false);

  protected amount(metric: LimitMetric, value: number): string {
    return metric === 'storageBytes' ? formatBytes(value) : formatCount(value);
  }

  /** "resets 1 January 00:00 Europe/Berlin", in the tenant's zone whatever the browser's. */
  protected resets(limit: Limit): string {
    if (limit.metric === 'storageBytes') return 'Compared with the storage used now; does not reset';
    const instant = DateTime.fromISO(limit.resetsAt, { setZone: true }).setZone(limit.timezone);
    return `Resets ${instant.toFormat('d MMMM HH:mm')} ${limit.timezone}`;
  }

  protected reachDate(limit: Limit): string | null {
    if (!limit.projectedReachDate) return null;
    return DateTime.fromISO(limit.projectedReachDate).toFormat('d MMMM');
  }

  protected edit(row: LimitRow): void {
    const limit = row.limit;
    // Storage limits are edited in decimal megabytes.
    const divisor = row.metric === 'storageBytes' ? 1_000_000 : 1;
    this.form.set({
      monthlyLimit: limit ? String(limit.monthlyLimit / divisor) : '',
      thresholds: (limit?.thresholds ?? [80, 100]).join(', '),
      notifyEmails: (limit?.notifyEmails ?? []).join(', '),
    });
    this.problem.set(null);
    this.editing.set(row.metric);
  }

  protected update(field: keyof LimitFormValue, value: string): void {
    this.form.update((form) => ({ ...form, [field]: value }));
  }

  async save(metric: LimitMetric): Promise<void> {
    const result = toLimitBody(this.form(), metric === 'storageBytes' ? 'bytes' : 'count');
    if ('problem' in result) {
      this.problem.set(result.problem);
      return;
    }

    await this.run(() => firstValueFrom(this.http.put(`${API}/tenants/${this.context.tenantId()}/limits/${metric}`, result.body)));
  }

  async remove(metric: LimitMetric): Promise<void> {
    if (!confirm(`Remove the ${LIMIT_LABELS[metric].toLowerCase()} limit? No more alerts are sent for it.`)) return;
    await this.run(() => firstValueFrom(this.http.delete(`${API}/tenants/${this.context.tenantId()}/limits/${metric}`)));
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      await action();
      this.editing.set(null);
      this.limits.reload();
      // Saving evaluates the limit at once, so an alert may have just arrived.
      this.notifications.unread.reload();
    } catch (error) {
      const message = error instanceof HttpErrorResponse ? error.error?.message : null;
      this.problem.set(Array.isArray(message) ? message.join(' ') : (message ?? 'Saving failed. Try again.'));
    } finally {
      this.busy.set(false);
    }
  }
}
