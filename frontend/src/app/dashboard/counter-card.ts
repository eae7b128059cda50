import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

import { Counter } from '../api/models';
import { changeVsLastMonth, formatCompact, formatCount } from '../shared/format';

/** A counter of this month in compact form (exact in the tooltip), its lifetime total and the trend. */
@Component({
  selector: 'ba-counter-card',
  imports: [MatCardModule, MatIconModule, MatTooltipModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" [attr.data-testid]="'counter-' + metric()">
      <mat-card-content>
        <div class="label">
          <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
          <span>{{ label() }}</span>
        </div>
        @if (counter(); as value) {
          <div class="value" [matTooltip]="exact()" [attr.aria-label]="label() + ' this month: ' + exact()" tabindex="0">
            <span data-testid="this-month">{{ compact() }}</span>
            <span class="unit">this month</span>
          </div>
          <div class="change" [class]="'change ' + change().trend" data-testid="change">{{ change().text }}</div>
          <div class="lifetime">Lifetime <span data-testid="lifetime" [matTooltip]="lifetimeExact()">{{ lifetime() }}</span></div>
        } @else {
          <div class="value loading" aria-busy="true">…</div>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }
    .label {
      display: flex;
      align-items: center;
      gap: 8px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-title-small);
    }
    .value {
      margin-top: 8px;
      font: var(--mat-sys-display-small);
      display: flex;
      align-items: baseline;
      gap: 8px;
      width: fit-content;
    }
    .unit {
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .change {
      margin-top: 4px;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .change.up {
      color: var(--mat-sys-primary);
    }
    .change.down {
      color: var(--mat-sys-error);
    }
    .lifetime {
      margin-top: 8px;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CounterCard {
  readonly metric = input.required<string>();
  readonly label = input.required<string>();
  readonly icon = input.required<string>();
  readonly counter = input<Counter | null>(null);

  protected readonly compact = computed(() => formatCompact(this.counter()?.thisMonth ?? 0));
  protected readonly exact = computed(() => formatCount(this.counter()?.thisMonth ?? 0));
  protected readonly lifetime = computed(() => formatCompact(this.counter()?.lifetime ?? 0));
  protected readonly lifetimeExact = computed(() => formatCount(this.counter()?.lifetime ?? 0));
  protected readonly change = computed(() => {
    const counter = this.counter();
    return changeVsLastMonth(counter?.thisMonth ?? 0, counter?.previousMonthToDate ?? 0);
  });
}
