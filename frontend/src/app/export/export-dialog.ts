import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom } from 'rxjs';

import { API, ExportQuery } from '../api/models';
import { fileNameOf, saveBlob } from './csv-download';

/** Input of the dialog: the tenant, the range on screen, and whether all tenants may be exported. */
export interface ExportDialogData {
  tenantId: string;
  tenantName: string;
  from: string;
  to: string;
  granularity: 'day' | 'month';
  platformAdmin: boolean;
}

/** Chooses range, granularity and scope of a CSV export, then downloads it. */
@Component({
  selector: 'ba-export-dialog',
  imports: [
    FormsModule,
    MatDialogModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Export usage as CSV</h2>
    <form (ngSubmit)="download()">
      <mat-dialog-content>
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" aria-label="Preparing the file" />
        }
        <p class="scope">
          @if (allTenants()) {
            Every tenant, each in its own time zone.
          } @else {
            {{ data.tenantName }}, in its time zone.
          }
        </p>
        <div class="dates">
          <mat-form-field appearance="outline">
            <mat-label>From</mat-label>
            <input matInput type="date" name="from" required [(ngModel)]="from" data-testid="export-from" />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>To</mat-label>
            <input matInput type="date" name="to" required [(ngModel)]="to" data-testid="export-to" />
          </mat-form-field>
        </div>
        <mat-button-toggle-group name="granularity" hideSingleSelectionIndicator aria-label="One row per" [(ngModel)]="granularity">
          <mat-button-toggle value="day">Per day</mat-button-toggle>
          <mat-button-toggle value="month">Per month</mat-button-toggle>
        </mat-button-toggle-group>
        <div class="options">
          <mat-checkbox name="bom" [(ngModel)]="bom">For Excel (adds a byte-order mark)</mat-checkbox>
          @if (data.platformAdmin) {
            <mat-checkbox name="allTenants" [ngModel]="allTenants()" (ngModelChange)="allTenants.set($event)">All tenants</mat-checkbox>
          }
        </div>
        @if (problem()) {
          <p class="problem" role="alert" data-testid="export-problem">{{ problem() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close>Cancel</button>
        <button matButton="filled" type="submit" [disabled]="busy()" data-testid="export-download">Download</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .dates {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .options {
      display: flex;
      flex-direction: column;
      margin-top: 12px;
    }
    .scope {
      color: var(--mat-sys-on-surface-variant);
    }
    .problem {
      color: var(--mat-sys-error);
    }
  `,
})
export class ExportDialog {
  private readonly http = inject(HttpClient);
  private readonly dialog = inject(MatDialogRef<ExportDialog>);
  protected readonly data = inject<ExportDialogData>(MAT_DIALOG_DATA);

  protected from = this.data.from;
  protected to = this.data.to;
  protected granularity: 'day' | 'month' = this.data.granularity;
  protected bom = false;
  protected readonly allTenants = signal(false);
  protected readonly busy = signal(false);
  protected readonly problem = signal<string | null>(null);

  async download(): Promise<void> {
    if (!this.from || !this.to) {
      this.problem.set('Choose both dates.');
      return;
    }

    const query: ExportQuery = { from: this.from, to: this.to, granularity: this.granularity, bom: this.bom };
    const path = this.allTenants() ? `${API}/admin/usage/export.csv` : `${API}/tenants/${this.data.tenantId}/usage/export.csv`;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const response = await firstValueFrom(
        this.http.get(path, { params: new HttpParams({ fromObject: { ...query } }), observe: 'response', responseType: 'blob' }),
      );
      const fallback = `beyondask-usage-${this.from}_${this.to}.csv`;
      saveBlob(response.body as Blob, fileNameOf(response.headers.get('Content-Disposition'), fallback));
      this.dialog.close(true);
    } catch (error) {
      this.problem.set(await messageOf(error));
    } finally {
      this.busy.set(false);
    }
  }
}

/** Returns the API's message of a failed export; error bodies arrive as blobs because a CSV was requested. */
async function messageOf(error: unknown): Promise<string> {
  if (!(error instanceof HttpErrorResponse)) return 'The export failed. Try again.';
  if (error.status === 403) return 'Only tenant admins and platform admins may export usage.';
  if (error.error instanceof Blob) {
    try {
      const body = JSON.parse(await error.error.text()) as { message?: string | string[] };
      if (body.message) return Array.isArray(body.message) ? body.message.join(' ') : body.message;
    } catch {
      // Not JSON: fall back to the status below.
    }
  }
  return `The export failed (status ${error.status}). Try again.`;
}

/** Opens the export dialog with `data`, sized for phones too. */
export function openExportDialog(dialog: MatDialog, data: ExportDialogData): void {
  dialog.open(ExportDialog, { data, width: 'min(440px, 95vw)' });
}
