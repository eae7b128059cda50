import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { catchError, forkJoin, map, of, switchMap } from 'rxjs';

import { API, Limit, LIMIT_LABELS, Tenant, UsageSummary } from '../api/models';
import { formatCompact, formatCount, formatPercent } from '../shared/format';
import { UsageBar } from '../shared/usage-bar';

/** One row of the tenants table: the tenant and this month's usage, or null when it failed to load. */
interface TenantRow {
  tenant: Tenant;
  summary: UsageSummary | null;
  /** The limit closest to (or furthest past) its end, or null without limits. */
  closestLimit: Limit | null;
}

type Column = 'name' | 'words' | 'apiRequests' | 'questions' | 'contacts' | 'storage' | 'limits';

/** Every tenant with this month's usage and storage, sortable, for platform admins. */
@Component({
  selector: 'ba-tenants-page',
  imports: [MatTableModule, MatSortModule, MatButtonModule, MatProgressBarModule, MatTooltipModule, RouterLink, UsageBar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './tenants.page.html',
  styleUrl: './tenants.page.scss',
})
export class TenantsPage {
  private readonly http = inject(HttpClient);

  protected readonly columns: Column[] = ['name', 'words', 'apiRequests', 'questions', 'contacts', 'storage', 'limits'];
  protected limitLabel(limit: Limit): string {
    return LIMIT_LABELS[limit.metric];
  }
  protected readonly sort = signal<Sort>({ active: 'name', direction: 'asc' });
  protected readonly compact = formatCompact;
  protected readonly exact = formatCount;
  protected readonly percent = formatPercent;

  protected readonly rows = rxResource({
    stream: () =>
      this.http.get<Tenant[]>(`${API}/admin/tenants`).pipe(
        switchMap((tenants) =>
          tenants.length === 0
            ? of([])
            : forkJoin(
                tenants.map((tenant) =>
                  forkJoin({
                    // One tenant that fails to load leaves its cells empty rather than the whole table.
                    summary: this.http.get<UsageSummary>(`${API}/tenants/${tenant.id}/usage/summary`).pipe(catchError(() => of(null))),
                    limits: this.http.get<Limit[]>(`${API}/tenants/${tenant.id}/limits`).pipe(catchError(() => of([]))),
                  }).pipe(map(({ summary, limits }): TenantRow => ({ tenant, summary, closestLimit: closest(limits) }))),
                ),
              ),
        ),
      ),
  });

  protected readonly sorted = computed(() => {
    const rows = [...(this.rows.value() ?? [])];
    const { active, direction } = this.sort();
    if (!direction) return rows;
    const sign = direction === 'asc' ? 1 : -1;
    return rows.sort((a, b) => sign * compare(sortValue(a, active as Column), sortValue(b, active as Column)));
  });
}

function closest(limits: Limit[]): Limit | null {
  return limits.reduce<Limit | null>((top, limit) => (!top || limit.percentUsed > top.percentUsed ? limit : top), null);
}

function sortValue(row: TenantRow, column: Column): string | number {
  if (column === 'name') return row.tenant.name.toLocaleLowerCase();
  if (column === 'limits') return row.closestLimit?.percentUsed ?? -1;
  if (!row.summary) return -1;
  if (column === 'storage') return row.summary.storage.percentUsed;
  return row.summary[column].thisMonth;
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
