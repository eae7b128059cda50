import { ChangeDetectionStrategy, Component } from '@angular/core';

import { HealthCard } from '../health/health-card';

@Component({
  selector: 'ba-home-page',
  imports: [HealthCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Health</h1>
    <ba-health-card />
  `,
  styles: `
    ba-health-card {
      display: block;
      max-width: 480px;
    }
  `,
})
export class HomePage {}
