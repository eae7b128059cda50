import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ChartData, ChartOptions } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';

import { API, Storage } from '../api/models';
import { ChartCard, ChartState, ChartTable } from '../shared/chart-card';
import { injectPalette, reloadOnTick } from '../shared/chart-theme';
import { formatBytes, formatCount } from '../shared/format';
import { UsageBar } from '../shared/usage-bar';

const KINDS = [
  { key: 'text', label: 'Text' },
  { key: 'media', label: 'Media' },
  { key: 'other', label: 'Other' },
] as const;

/** Storage used of the quota as a bar (warning above 80 %, error above 100 %) and a donut by kind. */
@Component({
  selector: 'ba-storage-card',
  imports: [ChartCard, BaseChartDirective, UsageBar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ba-chart-card
      heading="Storage"
      [subheading]="usageLine()"
      [state]="state()"
      emptyText="Nothing stored yet."
      errorText="Storage usage could not be loaded."
      [table]="table()"
      (retry)="storage.reload()"
    >
      @if (storage.hasValue()) {
        <ba-usage-bar
          chartSummary
          class="quota"
          data-testid="storage-quota"
          [percent]="storage.value().percentUsed"
          [label]="'Storage used: ' + usageLine()"
        />
      }
      <canvas baseChart type="doughnut" [data]="data()" [options]="options()"></canvas>
      @if (storage.hasValue() && storage.value().largest.length > 0) {
        <section chartFooter class="largest" aria-labelledby="largest-heading">
          <h3 id="largest-heading">Largest objects</h3>
          <ol>
            @for (object of storage.value().largest.slice(0, 5); track object.objectId) {
              <li>
                <span class="object">{{ object.objectId }}</span>
                <span class="kind">{{ object.kind }}</span>
                <span class="size">{{ size(object.bytes) }}</span>
              </li>
            }
          </ol>
        </section>
      }
    </ba-chart-card>
  `,
  styles: `
    :host {
      display: block;
    }
    .quota {
      margin: 8px 0 16px;
    }
    h3 {
      font: var(--mat-sys-title-small);
      margin: 16px 0 4px;
    }
    ol {
      margin: 0;
      padding: 0;
      list-style: none;
      font: var(--mat-sys-body-medium);
    }
    li {
      display: grid;
      grid-template-columns: 1fr auto auto;
      gap: 12px;
      padding: 2px 0;
    }
    .object {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .kind {
      color: var(--mat-sys-on-surface-variant);
    }
    .size {
      font-variant-numeric: tabular-nums;
      text-align: right;
    }
  `,
})
export class StorageCard {
  readonly tenantId = input.required<string>();
  readonly refreshTick = input(0);

  private readonly palette = injectPalette();

  protected readonly size = formatBytes;

  protected readonly storage = httpResource<Storage>(() => `${API}/tenants/${this.tenantId()}/storage`);

  constructor() {
    reloadOnTick(this.refreshTick, () => this.storage.reload());
  }

  protected readonly options = computed<ChartOptions<'doughnut'>>(() => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { position: 'bottom', labels: { color: this.palette().text } },
      tooltip: { callbacks: { label: (item) => `${item.label}: ${formatBytes(item.parsed)}` } },
    },
  }));

  protected readonly state = computed<ChartState>(() => {
    if (this.storage.error()) return 'error';
    if (!this.storage.hasValue()) return 'loading';
    return this.storage.value().usedBytes === 0 ? 'empty' : 'ready';
  });

  protected readonly usageLine = computed(() => {
    if (!this.storage.hasValue()) return '';
    const { usedBytes, quotaBytes } = this.storage.value();
    return `${formatBytes(usedBytes)} of ${formatBytes(quotaBytes)} used`;
  });

  protected readonly data = computed<ChartData<'doughnut'>>(() => {
    const byKind = this.storage.hasValue() ? this.storage.value().byKind : null;
    const palette = this.palette();
    return {
      labels: KINDS.map((kind) => kind.label),
      datasets: [
        {
          data: KINDS.map((kind) => byKind?.[kind.key].bytes ?? 0),
          backgroundColor: palette.series.slice(0, 3),
          borderColor: palette.surface,
        },
      ],
    };
  });

  protected readonly table = computed<ChartTable | null>(() => {
    if (!this.storage.hasValue()) return null;
    const { byKind } = this.storage.value();
    return {
      columns: ['Kind', 'Size', 'Objects'],
      rows: KINDS.map((kind) => [kind.label, formatBytes(byKind[kind.key].bytes), formatCount(byKind[kind.key].objects)]),
    };
  });
}
