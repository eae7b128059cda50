import { ChangeDetectionStrategy, Component } from '@angular/core';

// TODO: list each monthly limit with a progress bar; admins edit them.
@Component({
  selector: 'ba-limits-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Limits</h1>
    <p class="empty-state">Monthly limits are not available yet.</p>
  `,
})
export class LimitsPage {}
