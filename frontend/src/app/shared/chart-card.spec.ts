import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { ChartCard, ChartState, ChartTable } from './chart-card';

@Component({
  imports: [ChartCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ba-chart-card heading="Questions" [state]="state()" emptyText="No questions yet this month." [table]="table()" (retry)="retries.set(retries() + 1)">
      <canvas data-testid="chart"></canvas>
    </ba-chart-card>
  `,
})
class Host {
  readonly state = signal<ChartState>('loading');
  readonly table = signal<ChartTable | null>(null);
  readonly retries = signal(0);
}

describe('ChartCard', () => {
  let fixture: ComponentFixture<Host>;

  beforeEach(async () => {
    fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
  });

  function element(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  async function show(state: ChartState, table: ChartTable | null = null): Promise<void> {
    fixture.componentInstance.state.set(state);
    fixture.componentInstance.table.set(table);
    await fixture.whenStable();
  }

  it('shows a spinner while loading', () => {
    expect(element().querySelector('[aria-busy="true"]')).not.toBeNull();
    expect(element().querySelector('[data-testid="chart"]')).toBeNull();
  });

  it('shows the empty text', async () => {
    await show('empty');

    expect(element().textContent).toContain('No questions yet this month.');
  });

  it('offers a retry after an error', async () => {
    await show('error');

    (element().querySelector('[role="alert"] button') as HTMLButtonElement).click();

    expect(fixture.componentInstance.retries()).toBe(1);
  });

  it('keeps the table for screen readers and shows it on request', async () => {
    await show('ready', { columns: ['Month', 'Questions'], rows: [['Mar 2026', '1,234']] });
    const wrapper = element().querySelector('.table-wrap') as HTMLElement;

    expect(wrapper.classList).toContain('cdk-visually-hidden');
    expect(wrapper.querySelector('tbody th')?.textContent).toBe('Mar 2026');

    (element().querySelector('button[aria-pressed]') as HTMLButtonElement).click();
    await fixture.whenStable();

    expect(wrapper.classList).not.toContain('cdk-visually-hidden');
    expect((element().querySelector('.chart') as HTMLElement).hidden).toBe(true);
  });
});
