import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatBadgeModule } from '@angular/material/badge';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSelectModule } from '@angular/material/select';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';

import { AuthService } from '../core/auth.service';
import { NotificationsState } from '../core/notifications.service';
import { TenantContext } from '../core/tenant-context.service';
import { ThemeService } from '../core/theme.service';

interface NavItem {
  path: string;
  label: string;
  icon: string;
  /** Users the item is shown to; everyone when unset. */
  audience?: 'admins' | 'platformAdmins';
}

const NAV_ITEMS: NavItem[] = [
  { path: '/dashboard', label: 'Dashboard', icon: 'dashboard' },
  { path: '/usage', label: 'Usage', icon: 'bar_chart' },
  { path: '/limits', label: 'Limits', icon: 'speed' },
  { path: '/api-keys', label: 'API keys', icon: 'vpn_key', audience: 'admins' },
  { path: '/notifications', label: 'Notifications', icon: 'notifications' },
  { path: '/tenants', label: 'Tenants', icon: 'domain', audience: 'platformAdmins' },
];

/** The signed-in layout: sidenav, toolbar with the tenant and the user menu, and the page. */
@Component({
  selector: 'ba-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatSidenavModule,
    MatToolbarModule,
    MatListModule,
    MatIconModule,
    MatButtonModule,
    MatMenuModule,
    MatSelectModule,
    MatDividerModule,
    MatTooltipModule,
    MatBadgeModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  private readonly router = inject(Router);
  protected readonly auth = inject(AuthService);
  protected readonly context = inject(TenantContext);
  protected readonly notifications = inject(NotificationsState);
  protected readonly unreadCount = computed(() => this.notifications.unread.value()?.unreadCount ?? 0);

  protected readonly handset = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 959.98px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );

  protected readonly navItems = computed(() =>
    NAV_ITEMS.filter((item) => {
      if (item.audience === 'platformAdmins') return this.auth.isPlatformAdmin();
      if (item.audience === 'admins') return this.auth.canAdminister();
      return true;
    }),
  );
  protected readonly roleLabel = computed(() => {
    switch (this.auth.user()?.role) {
      case 'platform_admin':
        return 'Platform admin';
      case 'tenant_admin':
        return 'Tenant admin';
      default:
        return 'Member';
    }
  });

  protected readonly theme = inject(ThemeService);

  constructor() {
    // A platform admin's link may name the tenant to open (?tenant=<id>), so shared URLs open it.
    const route = inject(ActivatedRoute);
    this.router.events.pipe(filter((event) => event instanceof NavigationEnd)).subscribe(() => {
      let child = route.snapshot;
      while (child.firstChild) child = child.firstChild;
      const tenant = child.queryParamMap.get('tenant');
      if (tenant && this.auth.isPlatformAdmin()) this.context.select(tenant);
    });
  }

  protected selectTenant(tenantId: string): void {
    this.context.select(tenantId);
    void this.router.navigate([], { queryParams: { tenant: tenantId }, queryParamsHandling: 'merge' });
  }

}
