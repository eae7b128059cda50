import './chart-setup';

import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTooltipModule } from '@angular/material/tooltip';

export type ChartState = 'loading' | 'error' | 'empty' | 'ready';

/** The chart's data as rows of text, for the table view and screen readers. */
export interface ChartTable {
  columns: string[];
  rows: string[][];
}

/**
 * A card around one chart: title, actions, the loading, empty and error states, and a table of the
 * same data. The table is always in the page for screen readers, and shown instead of the chart
 * when the user picks the table view.
 */
@Component({
  selector: 'ba-chart-card',
  imports: [MatCardModule, MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTooltipModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <mat-card-title>{{ heading() }}</mat-card-title>
        @if (subheading()) {
          <mat-card-subtitle>{{ subheading() }}</mat-card-subtitle>
        }
        <div class="actions">
          <ng-content select="[chartActions]" />
          @if (table()) {
          <button
            matIconButton
            type="button"
            [attr.aria-pressed]="showTable()"
            [matTooltip]="showTable() ? 'Show as chart' : 'Show as table'"
            [attr.aria-label]="showTable() ? 'Show ' + heading() + ' as chart' : 'Show ' + heading() + ' as table'"
            (click)="showTable.set(!showTable())"
          >
            <mat-icon>{{ showTable() ? 'insert_chart' : 'table_rows' }}</mat-icon>
          </button>
          }
        </div>
      </mat-card-header>

      <mat-card-content [attr.data-state]="state()">
        <ng-content select="[chartSummary]" />
        @switch (state()) {
          @case ('loading') {
            <div class="placeholder" aria-busy="true">
              <mat-progress-spinner mode="indeterminate" diameter="32" aria-label="Loading" />
            </div>
          }
          @case ('error') {
            <div class="placeholder" role="alert">
              <p>{{ errorText() }}</p>
              <button matButton="outlined" type="button" (click)="retry.emit()">Retry</button>
            </div>
          }
          @case ('empty') {
            <div class="placeholder empty">
              <mat-icon aria-hidden="true">insights</mat-icon>
              <p>{{ emptyText() }}</p>
            </div>
          }
          @default {
            <div class="chart" [hidden]="showTable()" role="img" [attr.aria-label]="heading() + ' chart; the table below has the values'">
              <ng-content />
            </div>
          }
        }

        @if (state() === 'ready' && table(); as data) {
          <div class="table-wrap" [class.cdk-visually-hidden]="!showTable()">
            <table class="data-table">
              <caption>{{ heading() }}</caption>
              <thead>
                <tr>
                  @for (column of data.columns; track $index) {
                    <th scope="col">{{ column }}</th>
                  }
                </tr>
              </thead>
              <tbody>
                @for (row of data.rows; track $index) {
                  <tr>
                    @for (cell of row; track $index) {
                      @if ($first) {
                        <th scope="row">{{ cell }}</th>
                      } @else {
                        <td>{{ cell }}</td>
                      }
                    }
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
        <ng-content select="[chartFooter]" />
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }
    mat-card {
      height: 100%;
    }
    mat-card-header {
      align-items: center;
      flex-wrap: wrap;
      row-gap: 8px;
    }
    .actions {
      margin-left: auto;
      display: flex;
      align-items: center;
      gap: 4px;
    }
    .chart {
      position: relative;
      height: 260px;
    }
    .placeholder {
      height: 260px;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 8px;
      color: var(--mat-sys-on-surface-variant);
      text-align: center;
    }
    .table-wrap:not(.cdk-visually-hidden) {
      max-height: 260px;
      overflow: auto;
    }
  `,
})
export class ChartCard {
  readonly heading = input.required<string>();
  readonly subheading = input<string>();
  readonly state = input.required<ChartState>();
  readonly emptyText = input('No data yet.');
  readonly errorText = input('The data could not be loaded.');
  readonly table = input<ChartTable | null>(null);
  readonly retry = output<void>();

  protected readonly showTable = signal(false);
}
