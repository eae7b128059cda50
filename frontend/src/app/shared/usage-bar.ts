import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import { formatPercent } from './format';

export type UsageLevel = 'normal' | 'warning' | 'over';

/** Returns how a usage percentage is shown: warning above 80 %, over above 100 %. */
export function usageLevel(percent: number): UsageLevel {
  if (percent > 100) return 'over';
  if (percent > 80) return 'warning';
  return 'normal';
}

/** A progress bar of a percentage of a quota or limit, with the percentage beside it. */
@Component({
  selector: 'ba-usage-bar',
  imports: [MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-progress-bar
      mode="determinate"
      [class]="'usage-bar ' + level()"
      [value]="percent() > 100 ? 100 : percent()"
      [attr.aria-label]="label()"
    />
    <span [class]="'percent ' + level()" data-testid="percent">{{ text() ?? formatted() }}</span>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 12px;
    }
    mat-progress-bar {
      flex: 1;
      min-width: 48px;
    }
    .percent {
      font: var(--mat-sys-label-large);
      white-space: nowrap;
    }
    .percent.warning {
      color: var(--ba-warning);
    }
    .percent.over {
      color: var(--mat-sys-error);
    }
  `,
})
export class UsageBar {
  readonly percent = input.required<number>();
  /** Accessible name of the bar, such as "Storage used". */
  readonly label = input.required<string>();
  /** Text beside the bar; the formatted percentage by default. */
  readonly text = input<string>();

  protected readonly level = computed(() => usageLevel(this.percent()));
  protected readonly formatted = computed(() => formatPercent(this.percent()));
}
