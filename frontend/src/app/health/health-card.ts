import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import { HealthService, HealthState } from './health.service';

/** A card with the backend's health: overall status and each checked component. */
@Component({
  selector: 'ba-health-card',
  imports: [MatCardModule, MatButtonModule, MatIconModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './health-card.html',
  styleUrl: './health-card.scss',
})
export class HealthCard implements OnInit {
  private readonly health = inject(HealthService);

  protected readonly loading = signal(true);
  protected readonly state = signal<HealthState | null>(null);

  protected readonly title = computed(() => {
    switch (this.state()?.kind) {
      case 'ok':
        return 'All systems operational';
      case 'degraded':
        return 'Degraded';
      case 'unreachable':
        return 'API unreachable';
      default:
        return 'Checking…';
    }
  });

  protected readonly components = computed(() => {
    const state = this.state();
    if (!state || state.kind === 'unreachable') return [];
    return Object.entries(state.report.details).map(([name, detail]) => ({ name, status: detail.status }));
  });

  ngOnInit(): void {
    this.refresh();
  }

  refresh(): void {
    this.loading.set(true);
    this.health.check().subscribe((state) => {
      this.state.set(state);
      this.loading.set(false);
    });
  }
}
