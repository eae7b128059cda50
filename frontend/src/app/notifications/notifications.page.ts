import { DatePipe } from '@angular/common';
import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';

import { API, AppNotification, NotificationList } from '../api/models';
import { NotificationsState } from '../core/notifications.service';
import { TenantContext } from '../core/tenant-context.service';

/** The tenant's limit alerts for the signed-in user, newest first, with read state. */
@Component({
  selector: 'ba-notifications-page',
  imports: [DatePipe, MatButtonModule, MatButtonToggleModule, MatIconModule, MatProgressBarModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './notifications.page.html',
  styleUrl: './notifications.page.scss',
})
export class NotificationsPage {
  private readonly context = inject(TenantContext);
  protected readonly state = inject(NotificationsState);

  protected readonly unreadOnly = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly list = httpResource<NotificationList>(() => {
    const tenantId = this.context.tenantId();
    if (!tenantId) return undefined;
    return { url: `${API}/tenants/${tenantId}/notifications`, params: { limit: 100, unreadOnly: this.unreadOnly() } };
  });

  async markRead(notification: AppNotification): Promise<void> {
    await this.run(() => this.state.markRead(notification.id));
  }

  async markAllRead(): Promise<void> {
    await this.run(() => this.state.markAllRead());
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.error.set(null);
    try {
      await action();
      this.list.reload();
    } catch {
      this.error.set('The notification could not be updated. Try again.');
    }
  }
}
