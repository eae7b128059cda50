import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterOutlet } from '@angular/router';

@Component({
  selector: 'ba-root',
  imports: [RouterOutlet, MatToolbarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-toolbar>
      <span>BeyondAsk Usage Metrics</span>
    </mat-toolbar>
    <main>
      <router-outlet />
    </main>
  `,
  styles: `
    main {
      padding: 24px;
      max-width: 1200px;
      margin: 0 auto;
    }
  `,
})
export class App {}
