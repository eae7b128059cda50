import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ChartData, ChartOptions } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';

import { Granularity, METRIC_LABELS, UsageMetric } from '../api/models';
import { ChartCard, ChartState, ChartTable } from '../shared/chart-card';
import { cartesianOptions, injectPalette, reloadOnTick, withAlpha } from '../shared/chart-theme';
import { formatCount, formatPeriod } from '../shared/format';
import { trendRange } from '../shared/periods';
import { UsageApi } from './usage-api.service';

/** A point the user clicked: the metric of its line and its month or week. */
export interface DrillTarget {
  metric: UsageMetric;
  period: string;
}

/**
 * Monthly or weekly values of one or more metrics as lines (or a filled area), over the last 13
 * months or 26 weeks in the tenant's zone. Clicking a point emits `drill` with its metric and period.
 */
@Component({
  selector: 'ba-trend-chart',
  imports: [ChartCard, BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ba-chart-card
      [heading]="heading()"
      [subheading]="subheading()"
      [state]="state()"
      [emptyText]="emptyText()"
      errorText="The chart data could not be loaded."
      [table]="table()"
      (retry)="series.reload()"
    >
      <ng-content select="[chartActions]" chartActions />
      <canvas baseChart type="line" [data]="data()" [options]="options()" (chartClick)="onClick($event)"></canvas>
    </ba-chart-card>
  `,
})
export class TrendChart {
  private readonly api = inject(UsageApi);

  readonly tenantId = input.required<string>();
  readonly timezone = input.required<string>();
  readonly metrics = input.required<readonly UsageMetric[]>();
  readonly granularity = input.required<Exclude<Granularity, 'day'>>();
  readonly heading = input.required<string>();
  readonly emptyText = input.required<string>();
  readonly filled = input(false);
  /** Incremented by the page to reload the data (manual refresh, live change). */
  readonly refreshTick = input(0);
  readonly drill = output<DrillTarget>();

  protected readonly series = rxResource({
    params: () => ({
      tenantId: this.tenantId(),
      metrics: this.metrics(),
      granularity: this.granularity(),
      range: trendRange(this.granularity(), this.timezone()),
    }),
    stream: ({ params }) => this.api.series(params.tenantId, params.metrics, params.granularity, params.range),
  });

  constructor() {
    reloadOnTick(this.refreshTick, () => this.series.reload());
  }

  private readonly periods = computed(() => {
    const value = this.series.value();
    const first = value?.[this.metrics()[0]];
    return first?.points.map((point) => point.period) ?? [];
  });

  private readonly palette = injectPalette();

  protected readonly subheading = computed(() => (this.granularity() === 'month' ? 'Last 13 months' : 'Last 26 weeks'));

  protected readonly state = computed<ChartState>(() => {
    if (this.series.error()) return 'error';
    const value = this.series.value();
    if (!value) return 'loading';
    const total = this.metrics().reduce(
      (sum, metric) => sum + (value[metric]?.points.reduce((subtotal, point) => subtotal + point.value, 0) ?? 0),
      0,
    );
    return total === 0 ? 'empty' : 'ready';
  });

  protected readonly data = computed<ChartData<'line'>>(() => {
    const value = this.series.value();
    const palette = this.palette();
    return {
      labels: this.periods().map((period) => this.label(period)),
      datasets: this.metrics().map((metric, index) => {
        const colour = palette.series[index % palette.series.length];
        return {
          label: METRIC_LABELS[metric],
          data: value?.[metric]?.points.map((point) => point.value) ?? [],
          borderColor: colour,
          backgroundColor: this.filled() ? withAlpha(colour, 0.25) : colour,
          pointBackgroundColor: colour,
          fill: this.filled() ? 'origin' : false,
          tension: 0.25,
          pointRadius: 3,
          pointHoverRadius: 6,
        };
      }),
    };
  });

  protected readonly options = computed<ChartOptions<'line'>>(() => {
    const palette = this.palette();
    const base = cartesianOptions(palette, {
      x: this.granularity() === 'month' ? 'Month' : 'Week starting',
      y: this.metrics().length === 1 ? METRIC_LABELS[this.metrics()[0]] : 'Count',
    }) as ChartOptions<'line'>;
    return {
      ...base,
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
      },
      plugins: {
        ...base.plugins,
        legend: { ...base.plugins?.legend, display: this.metrics().length > 1 },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${formatCount(item.parsed.y ?? 0)}`,
            footer: (items) => {
              const current = items[0]?.dataIndex === this.periods().length - 1;
              return current ? `So far this ${this.granularity()}; click for the days` : 'Click for the days';
            },
          },
        },
      },
    };
  });

  protected readonly table = computed<ChartTable | null>(() => {
    const value = this.series.value();
    if (!value) return null;
    return {
      columns: [this.granularity() === 'month' ? 'Month' : 'Week starting', ...this.metrics().map((metric) => METRIC_LABELS[metric])],
      rows: this.periods().map((period, index) => [
        this.label(period),
        ...this.metrics().map((metric) => formatCount(value[metric]?.points[index]?.value ?? 0)),
      ]),
    };
  });

  protected onClick(click: { active?: object[] }): void {
    const element = click.active?.[0] as { index: number; datasetIndex: number } | undefined;
    if (!element) return;

    const period = this.periods()[element.index];
    const metric = this.metrics()[element.datasetIndex];
    if (period && metric) this.drill.emit({ metric, period });
  }

  private label(period: string): string {
    return formatPeriod(period);
  }
}
