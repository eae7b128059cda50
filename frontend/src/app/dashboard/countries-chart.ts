import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { ChartData } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';

import { API, GeoCountries, GeoRegions, GeoSubject } from '../api/models';
import { ChartCard, ChartState, ChartTable } from '../shared/chart-card';
import { barChartOptions, injectPalette, reloadOnTick } from '../shared/chart-theme';
import { formatCount } from '../shared/format';

/**
 * The top countries of contacts (lifetime) or of distinct visitors (this month) as bars, with the
 * same subject grouped by continent below.
 */
@Component({
  selector: 'ba-countries-chart',
  imports: [ChartCard, BaseChartDirective, MatButtonToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ba-chart-card
      [heading]="subject() === 'contacts' ? 'Contacts by country' : 'Visitors by country'"
      [subheading]="subject() === 'contacts' ? 'Lifetime' : 'This month, distinct visitors'"
      [state]="state()"
      [emptyText]="subject() === 'contacts' ? 'No contacts yet.' : 'No visitors yet this month.'"
      errorText="Countries could not be loaded."
      [table]="table()"
      (retry)="countries.reload(); regions.reload()"
    >
      <div chartActions class="toggles">
        <mat-button-toggle-group
          hideSingleSelectionIndicator
          aria-label="Count contacts or visitors"
          [value]="subject()"
          (change)="subject.set($event.value)"
        >
          <mat-button-toggle value="contacts">Contacts</mat-button-toggle>
          <mat-button-toggle value="visitors">Visitors</mat-button-toggle>
        </mat-button-toggle-group>
        <mat-button-toggle-group
          hideSingleSelectionIndicator
          aria-label="Number of countries"
          [value]="limit()"
          (change)="limit.set($event.value)"
        >
          <mat-button-toggle [value]="5">Top 5</mat-button-toggle>
          <mat-button-toggle [value]="10">Top 10</mat-button-toggle>
        </mat-button-toggle-group>
      </div>
      <canvas baseChart type="bar" [data]="data()" [options]="options()"></canvas>
      @if (regions.hasValue() && regions.value().items.length > 0) {
        <section chartFooter class="regions" aria-labelledby="regions-heading">
          <h3 id="regions-heading">By region</h3>
          <ul>
            @for (region of regions.value().items; track region.region) {
              <li>
                <span>{{ region.region }}</span><span class="count">{{ format(region.count) }}</span>
              </li>
            }
            @if (regions.value().unknownCount > 0) {
              <li>
                <span>Unknown</span><span class="count">{{ format(regions.value().unknownCount) }}</span>
              </li>
            }
          </ul>
        </section>
      }
    </ba-chart-card>
  `,
  styles: `
    :host {
      display: block;
    }
    .toggles {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      --mat-button-toggle-height: 32px;
    }
    h3 {
      font: var(--mat-sys-title-small);
      margin: 8px 0 4px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
      gap: 4px 24px;
    }
    li {
      display: flex;
      justify-content: space-between;
      font: var(--mat-sys-body-medium);
    }
    .count {
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class CountriesChart {
  readonly tenantId = input.required<string>();
  readonly refreshTick = input(0);

  private readonly palette = injectPalette();

  protected readonly subject = signal<GeoSubject>('contacts');
  protected readonly limit = signal<5 | 10>(5);

  protected readonly countries = httpResource<GeoCountries>(() => ({
    url: `${API}/tenants/${this.tenantId()}/geo/countries`,
    params: { subject: this.subject(), limit: this.limit() },
  }));

  protected readonly regions = httpResource<GeoRegions>(() => ({
    url: `${API}/tenants/${this.tenantId()}/geo/regions`,
    params: { subject: this.subject() },
  }));

  constructor() {
    reloadOnTick(this.refreshTick, () => {
      this.countries.reload();
      this.regions.reload();
    });
  }

  protected readonly format = formatCount;

  protected readonly state = computed<ChartState>(() => {
    if (this.countries.error()) return 'error';
    if (!this.countries.hasValue()) return 'loading';
    const { items, unknownCount } = this.countries.value();
    return items.length === 0 && unknownCount === 0 ? 'empty' : 'ready';
  });

  protected readonly data = computed<ChartData<'bar'>>(() => {
    const items = this.countries.hasValue() ? this.countries.value().items : [];
    return {
      labels: items.map((item) => item.name),
      datasets: [
        {
          label: this.subject() === 'contacts' ? 'Contacts' : 'Visitors',
          data: items.map((item) => item.count),
          backgroundColor: this.palette().series[this.subject() === 'contacts' ? 0 : 1],
          borderRadius: 4,
        },
      ],
    };
  });

  protected readonly options = computed(() =>
    barChartOptions(this.palette(), { x: 'Country', y: this.subject() === 'contacts' ? 'Contacts' : 'Distinct visitors' }),
  );

  protected readonly table = computed<ChartTable | null>(() => {
    if (!this.countries.hasValue()) return null;
    const { items, otherCount, unknownCount } = this.countries.value();
    const rows = items.map((item) => [`${item.name} (${item.country})`, item.region, formatCount(item.count)]);
    if (otherCount > 0) rows.push(['Other countries', '', formatCount(otherCount)]);
    if (unknownCount > 0) rows.push(['Unknown', '', formatCount(unknownCount)]);
    return { columns: ['Country', 'Region', this.subject() === 'contacts' ? 'Contacts' : 'Visitors'], rows };
  });
}
