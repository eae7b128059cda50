import { httpResource } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';

import { API, Tenant } from '../api/models';
import { AuthService } from './auth.service';

const SELECTED_KEY = 'beyondask.tenant';

/**
 * The tenant whose data the dashboard shows. Tenant users always see their own; platform admins
 * choose one in the toolbar, and the choice is kept for the next visit.
 */
@Injectable({ providedIn: 'root' })
export class TenantContext {
  private readonly auth = inject(AuthService);
  private readonly chosenId = signal<string | null>(localStorage.getItem(SELECTED_KEY));

  /** Every tenant, for the platform admin's switcher; undefined for other users. */
  readonly allTenants = httpResource<Tenant[]>(() => (this.auth.isPlatformAdmin() ? `${API}/admin/tenants` : undefined));

  private readonly ownTenant = httpResource<Tenant>(() => {
    const user = this.auth.user();
    return user?.tenantId && user.role !== 'platform_admin' ? `${API}/tenants/${user.tenantId}` : undefined;
  });

  readonly tenantId = computed<string | null>(() => {
    const user = this.auth.user();
    if (!user) return null;
    if (user.role !== 'platform_admin') return user.tenantId;

    const tenants = this.allTenants.hasValue() ? this.allTenants.value() : [];
    const chosen = this.chosenId();
    return tenants.find((tenant) => tenant.id === chosen)?.id ?? tenants[0]?.id ?? null;
  });

  readonly tenant = computed<Tenant | null>(() => {
    if (this.auth.isPlatformAdmin()) {
      const tenants = this.allTenants.hasValue() ? this.allTenants.value() : [];
      return tenants.find((tenant) => tenant.id === this.tenantId()) ?? null;
    }
    return this.ownTenant.hasValue() ? this.ownTenant.value() : null;
  });

  /** The tenant's IANA time zone; every period of its data is cut in it. */
  readonly timezone = computed(() => this.tenant()?.timezone ?? 'UTC');

  /** True once a platform admin's tenant list arrived and is empty. */
  readonly noTenants = computed(
    () => this.auth.isPlatformAdmin() && this.allTenants.hasValue() && this.allTenants.value().length === 0,
  );

  select(tenantId: string): void {
    localStorage.setItem(SELECTED_KEY, tenantId);
    this.chosenId.set(tenantId);
  }
}
