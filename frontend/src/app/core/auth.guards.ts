import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';

import { AuthService } from './auth.service';

/** Lets signed-in users through; others go to login and come back to the page they asked for. */
export const signedInGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  if (auth.token()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Sends users who are already signed in from the login page to their dashboard. */
export const signedOutGuard: CanActivateFn = () => {
  if (!inject(AuthService).token()) return true;
  return inject(Router).createUrlTree(['/dashboard']);
};

/** Lets platform admins through; other users land on their dashboard. */
export const platformAdminGuard: CanActivateFn = () => {
  if (inject(AuthService).isPlatformAdmin()) return true;
  return inject(Router).createUrlTree(['/dashboard']);
};
