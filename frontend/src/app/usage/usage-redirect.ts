import { inject } from '@angular/core';
import { RedirectFunction, Router } from '@angular/router';

import { TenantContext } from '../core/tenant-context.service';
import { currentMonth } from '../shared/periods';

/** `/usage` opens this month's questions, the metric visitors ask about most. */
export const usageRedirect: RedirectFunction = ({ queryParams }) => {
  const month = currentMonth(inject(TenantContext).timezone());
  return inject(Router).createUrlTree(['/usage', 'questions', month], { queryParams });
};
