import { inject } from '@angular/core';
import { Router, Routes } from '@angular/router';

import { platformAdminGuard, signedInGuard, signedOutGuard } from './core/auth.guards';
import { usageRedirect } from './usage/usage-redirect';

export const routes: Routes = [
  { path: 'login', title: 'Sign in · BeyondAsk', canActivate: [signedOutGuard], loadComponent: () => import('./login/login.page').then((module) => module.LoginPage) },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: () => import('./shell/shell').then((module) => module.Shell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      {
        path: 'dashboard',
        title: 'Dashboard · BeyondAsk',
        loadComponent: () => import('./dashboard/dashboard.page').then((module) => module.DashboardPage),
      },
      { path: 'usage', pathMatch: 'full', redirectTo: usageRedirect },
      {
        path: 'usage/:metric/:period',
        title: 'Usage · BeyondAsk',
        loadComponent: () => import('./usage/drilldown.page').then((module) => module.DrilldownPage),
      },
      {
        path: 'api-keys',
        title: 'API keys · BeyondAsk',
        loadComponent: () => import('./api-keys/api-keys.page').then((module) => module.ApiKeysPage),
      },
      {
        path: 'limits',
        title: 'Limits · BeyondAsk',
        loadComponent: () => import('./limits/limits.page').then((module) => module.LimitsPage),
      },
      // Alert emails and notifications link here, naming the tenant for platform admins.
      {
        path: 'tenants/:tenantId/limits',
        redirectTo: ({ params }) => inject(Router).createUrlTree(['/limits'], { queryParams: { tenant: params['tenantId'] } }),
      },
      {
        path: 'notifications',
        title: 'Notifications · BeyondAsk',
        loadComponent: () => import('./notifications/notifications.page').then((module) => module.NotificationsPage),
      },
      {
        path: 'tenants',
        title: 'Tenants · BeyondAsk',
        canActivate: [platformAdminGuard],
        loadComponent: () => import('./tenants/tenants.page').then((module) => module.TenantsPage),
      },
      {
        path: 'health',
        title: 'Health · BeyondAsk',
        loadComponent: () => import('./home/home.page').then((module) => module.HomePage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
