import { Clipboard } from '@angular/cdk/clipboard';
import { DatePipe } from '@angular/common';
import { HttpClient, HttpErrorResponse, httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { firstValueFrom } from 'rxjs';

import { API, ApiKey, CreatedApiKey } from '../api/models';
import { AuthService } from '../core/auth.service';
import { TenantContext } from '../core/tenant-context.service';

/** The tenant's ingestion API keys: create one (its secret shown once), list and revoke. */
@Component({
  selector: 'ba-api-keys-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatTableModule,
    DatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './api-keys.page.html',
  styleUrl: './api-keys.page.scss',
})
export class ApiKeysPage {
  private readonly http = inject(HttpClient);
  private readonly clipboard = inject(Clipboard);
  protected readonly auth = inject(AuthService);
  protected readonly context = inject(TenantContext);

  protected readonly columns = ['name', 'prefix', 'createdAt', 'status', 'actions'];
  protected readonly name = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(100)] });
  protected readonly form = new FormGroup({ name: this.name });
  protected readonly created = signal<CreatedApiKey | null>(null);
  protected readonly copied = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  protected readonly keys = httpResource<ApiKey[]>(() => {
    const tenantId = this.context.tenantId();
    return tenantId && this.auth.canAdminister() ? `${API}/tenants/${tenantId}/api-keys` : undefined;
  });

  protected readonly activeKeys = computed(() => (this.keys.value() ?? []).filter((key) => !key.revokedAt).length);

  async create(): Promise<void> {
    const tenantId = this.context.tenantId();
    if (!tenantId || this.name.invalid) {
      this.name.markAsTouched();
      return;
    }

    await this.run(async () => {
      const key = await firstValueFrom(this.http.post<CreatedApiKey>(`${API}/tenants/${tenantId}/api-keys`, { name: this.name.value.trim() }));
      this.created.set(key);
      this.copied.set(false);
      this.name.reset();
      this.keys.reload();
    });
  }

  async revoke(key: ApiKey): Promise<void> {
    const tenantId = this.context.tenantId();
    if (!tenantId || !confirm(`Revoke "${key.name}" (${key.prefix}…)? Agents using it stop working within 5 seconds.`)) return;

    await this.run(async () => {
      await firstValueFrom(this.http.delete(`${API}/tenants/${tenantId}/api-keys/${key.id}`));
      this.keys.reload();
    });
  }

  protected copy(key: string): void {
    this.copied.set(this.clipboard.copy(key));
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
    } catch (error) {
      const message = error instanceof HttpErrorResponse ? (error.error?.message ?? error.message) : String(error);
      this.error.set(Array.isArray(message) ? message.join(' ') : message);
    } finally {
      this.busy.set(false);
    }
  }
}
