import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router } from '@angular/router';

import { UsageSummary } from '../api/models';
import { AuthService } from '../core/auth.service';
import { TenantContext } from '../core/tenant-context.service';
import { ExportDialogData, openExportDialog } from '../export/export-dialog';
import { trendRange } from '../shared/periods';
import { CounterCard } from './counter-card';
import { CountriesChart } from './countries-chart';
import { LiveSummary } from './live-summary';
import { StorageCard } from './storage-card';
import { DrillTarget, TrendChart } from './trend-chart';

/** The tenant's main dashboard: usage summary, storage and contacts, kept live. */
@Component({
  selector: 'ba-dashboard-page',
  imports: [MatButtonModule, MatButtonToggleModule, MatIconModule, MatTooltipModule, CounterCard, TrendChart, StorageCard, CountriesChart],
  providers: [LiveSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.scss',
})
export class DashboardPage {
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  protected readonly auth = inject(AuthService);
  protected readonly context = inject(TenantContext);
  protected readonly live = inject(LiveSummary);

  protected readonly granularity = signal<'month' | 'week'>('month');
  protected readonly refreshTick = signal(0);
  private readonly now = signal(Date.now());

  protected readonly summary = computed(() => this.live.summary());

  protected readonly updatedAgo = computed(() => {
    const updatedAt = this.live.updatedAt();
    if (!updatedAt) return 'Loading…';
    const seconds = Math.max(0, Math.round((this.now() - updatedAt.getTime()) / 1000));
    if (seconds < 60) return `Updated ${seconds} s ago`;
    return `Updated ${Math.floor(seconds / 60)} min ago`;
  });

  constructor() {
    const clock = setInterval(() => this.now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));

    effect(() => {
      const tenantId = this.context.tenantId();
      if (tenantId) untracked(() => this.live.follow(tenantId));
    });

    // The charts reload when the live counters move, so an ingested event shows up everywhere.
    let previous: string | null = null;
    effect(() => {
      const fingerprint = countersOf(this.live.summary());
      if (fingerprint === null) return;
      if (previous !== null && fingerprint !== previous) {
        untracked(() => this.refreshTick.update((tick) => tick + 1));
      }
      previous = fingerprint;
    });
  }

  protected refresh(): void {
    void this.live.refresh();
    this.refreshTick.update((tick) => tick + 1);
  }

  protected exportCsv(): void {
    const tenant = this.context.tenant();
    if (!tenant) return;
    const range = trendRange('month', tenant.timezone);
    const data: ExportDialogData = {
      tenantId: tenant.id,
      tenantName: tenant.name,
      ...range,
      granularity: 'month',
      platformAdmin: this.auth.isPlatformAdmin(),
    };
    openExportDialog(this.dialog, data);
  }

  protected drill(target: DrillTarget): void {
    const tenant = this.auth.isPlatformAdmin() ? { tenant: this.context.tenantId() } : {};
    void this.router.navigate(['/usage', target.metric, target.period], { queryParams: tenant });
  }
}

function countersOf(summary: UsageSummary | null): string | null {
  if (!summary) return null;
  const { words, apiRequests, questions, contacts, storage } = summary;
  return [summary.tenantId, words.lifetime, apiRequests.lifetime, questions.lifetime, contacts.lifetime, storage.usedBytes].join();
}
