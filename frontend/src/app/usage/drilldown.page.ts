import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Location } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import { ChartData } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { of } from 'rxjs';

import { isUsageMetric, METRIC_LABELS, USAGE_METRICS, UsageMetric } from '../api/models';
import { AuthService } from '../core/auth.service';
import { TenantContext } from '../core/tenant-context.service';
import { UsageApi } from '../dashboard/usage-api.service';
import { openExportDialog } from '../export/export-dialog';
import { ChartCard, ChartState, ChartTable } from '../shared/chart-card';
import { barChartOptions, injectPalette } from '../shared/chart-theme';
import { formatCount, formatPeriod } from '../shared/format';
import { parsePeriod, shiftPeriod } from '../shared/periods';

/** The days of one month or ISO week for one metric, as a bar chart and a table; the URL is shareable. */
@Component({
  selector: 'ba-drilldown-page',
  imports: [MatButtonModule, MatIconModule, MatTabsModule, RouterLink, ChartCard, BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './drilldown.page.html',
  styleUrl: './drilldown.page.scss',
})
export class DrilldownPage {
  private readonly api = inject(UsageApi);
  private readonly location = inject(Location);
  private readonly dialog = inject(MatDialog);
  protected readonly auth = inject(AuthService);
  protected readonly context = inject(TenantContext);
  private readonly palette = injectPalette();

  /** Route parameters. */
  readonly metric = input.required<string>();
  readonly period = input.required<string>();

  protected readonly metrics = USAGE_METRICS;
  protected readonly labels = METRIC_LABELS;

  protected readonly validMetric = computed<UsageMetric | null>(() => (isUsageMetric(this.metric()) ? this.metric() as UsageMetric : null));
  protected readonly range = computed(() => parsePeriod(this.period()));

  protected readonly title = computed(() => {
    const range = this.range();
    if (!range) return '';
    return range.kind === 'month' ? formatPeriod(range.period) : `Week of ${formatPeriod(range.period, 'long')}`;
  });

  protected readonly previous = computed(() => {
    const range = this.range();
    return range ? shiftPeriod(range, -1) : null;
  });

  protected readonly next = computed(() => {
    const range = this.range();
    return range ? shiftPeriod(range, 1) : null;
  });

  /** Keeps a platform admin's tenant in every link, so copied URLs open the same tenant. */
  protected readonly tenantParams = computed(() => (this.auth.isPlatformAdmin() ? { tenant: this.context.tenantId() } : {}));

  protected readonly days = rxResource({
    params: () => ({ tenantId: this.context.tenantId(), metric: this.validMetric(), range: this.range() }),
    stream: ({ params }) => {
      const { tenantId, metric, range } = params;
      if (!tenantId || !metric || !range) return of(null);
      return this.api.timeseries(tenantId, metric, 'day', range);
    },
  });

  protected readonly state = computed<ChartState>(() => {
    if (this.days.error()) return 'error';
    const value = this.days.value();
    if (!value) return 'loading';
    return value.points.every((point) => point.value === 0) ? 'empty' : 'ready';
  });

  protected readonly total = computed(() => formatCount(this.days.value()?.points.reduce((sum, point) => sum + point.value, 0) ?? 0));

  protected readonly emptyText = computed(() => {
    const metric = this.validMetric();
    return metric ? `No ${METRIC_LABELS[metric].toLowerCase()} in this period.` : '';
  });

  protected readonly data = computed<ChartData<'bar'>>(() => {
    const points = this.days.value()?.points ?? [];
    const metric = this.validMetric();
    return {
      labels: points.map((point) => formatPeriod(point.period)),
      datasets: [
        {
          label: metric ? METRIC_LABELS[metric] : '',
          data: points.map((point) => point.value),
          backgroundColor: this.palette().series[0],
          borderRadius: 3,
        },
      ],
    };
  });

  protected readonly options = computed(() => {
    const metric = this.validMetric();
    return barChartOptions(this.palette(), { x: 'Day', y: metric ? METRIC_LABELS[metric] : '' });
  });

  protected readonly table = computed<ChartTable | null>(() => {
    const value = this.days.value();
    const metric = this.validMetric();
    if (!value || !metric) return null;
    return {
      columns: ['Day', METRIC_LABELS[metric]],
      rows: value.points.map((point) => [formatPeriod(point.period, 'long'), formatCount(point.value)]),
    };
  });

  protected exportCsv(): void {
    const tenant = this.context.tenant();
    const range = this.range();
    if (!tenant || !range) return;
    openExportDialog(this.dialog, {
      tenantId: tenant.id,
      tenantName: tenant.name,
      from: range.from,
      to: range.to,
      granularity: 'day',
      platformAdmin: this.auth.isPlatformAdmin(),
    });
  }

  protected back(): void {
    this.location.back();
  }
}
