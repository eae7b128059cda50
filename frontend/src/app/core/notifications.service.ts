import { HttpClient, httpResource } from '@angular/common/http';
import { DestroyRef, inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { API, UnreadCount } from '../api/models';
import { TenantContext } from './tenant-context.service';

/** Milliseconds between checks of the unread count shown in the toolbar. */
const UNREAD_POLL_MS = 60_000;

/** The unread notification count of the signed-in user in the current tenant, for the toolbar badge. */
@Injectable({ providedIn: 'root' })
export class NotificationsState {
  private readonly http = inject(HttpClient);
  private readonly context = inject(TenantContext);

  readonly unread = httpResource<UnreadCount>(() => {
    const tenantId = this.context.tenantId();
    return tenantId ? `${API}/tenants/${tenantId}/notifications/unread-count` : undefined;
  });

  constructor() {
    const timer = setInterval(() => this.unread.reload(), UNREAD_POLL_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  async markRead(notificationId: string): Promise<void> {
    const tenantId = this.context.tenantId();
    if (!tenantId) return;
    await firstValueFrom(this.http.post(`${API}/tenants/${tenantId}/notifications/${notificationId}/read`, {}));
    this.unread.reload();
  }

  async markAllRead(): Promise<void> {
    const tenantId = this.context.tenantId();
    if (!tenantId) return;
    await firstValueFrom(this.http.post(`${API}/tenants/${tenantId}/notifications/read-all`, {}));
    this.unread.reload();
  }
}
