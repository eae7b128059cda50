import { ChangeDetectionStrategy, Component } from '@angular/core';

// TODO: list the tenant's alerts, newest first, and mark them read.
@Component({
  selector: 'ba-notifications-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Notifications</h1>
    <p class="empty-state">No notifications.</p>
  `,
})
export class NotificationsPage {}
