import { ComponentFixture, TestBed } from '@angular/core/testing';

import { CounterCard } from './counter-card';

describe('CounterCard', () => {
  let fixture: ComponentFixture<CounterCard>;

  beforeEach(() => {
    fixture = TestBed.createComponent(CounterCard);
    fixture.componentRef.setInput('metric', 'questions');
    fixture.componentRef.setInput('label', 'Questions');
    fixture.componentRef.setInput('icon', 'forum');
  });

  function text(testId: string): string {
    return (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? '';
  }

  it('shows this month compact, lifetime and the change', async () => {
    fixture.componentRef.setInput('counter', { thisMonth: 12_345, lifetime: 1_234_567, previousMonthToDate: 11_000 });
    await fixture.whenStable();

    expect(text('this-month')).toBe('12.3K');
    expect(text('lifetime')).toBe('1.2M');
    expect(text('change')).toBe('+12 % vs last month');
  });

  it('shows a placeholder while loading', async () => {
    await fixture.whenStable();

    expect(text('this-month')).toBe('');
    expect((fixture.nativeElement as HTMLElement).querySelector('[aria-busy="true"]')).not.toBeNull();
  });
});
