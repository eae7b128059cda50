import { DestroyRef, DOCUMENT, inject, Injectable, signal } from '@angular/core';

export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = 'beyondask.theme';

/**
 * The colour scheme: the system's, or the user's choice from the user menu. `revision` changes
 * whenever the colours in effect change, so charts that copy them into canvas drawing can redraw.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly document = inject(DOCUMENT);

  readonly choice = signal<ThemeChoice>(readChoice());
  readonly revision = signal(0);

  constructor() {
    this.apply(this.choice());

    const systemScheme = this.document.defaultView?.matchMedia?.('(prefers-color-scheme: dark)');
    const onSystemChange = () => this.revision.update((revision) => revision + 1);
    systemScheme?.addEventListener?.('change', onSystemChange);
    inject(DestroyRef).onDestroy(() => systemScheme?.removeEventListener?.('change', onSystemChange));
  }

  choose(choice: ThemeChoice): void {
    localStorage.setItem(THEME_KEY, choice);
    // The classes change before the signals, so charts redrawing on `revision` read the new colours.
    this.apply(choice);
    this.choice.set(choice);
    this.revision.update((revision) => revision + 1);
  }

  private apply(choice: ThemeChoice): void {
    const root = this.document.documentElement;
    root.classList.toggle('theme-light', choice === 'light');
    root.classList.toggle('theme-dark', choice === 'dark');
  }
}

function readChoice(): ThemeChoice {
  const stored = localStorage.getItem(THEME_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}
