import { computed, effect, inject, Signal, untracked } from '@angular/core';
import { ChartOptions } from 'chart.js';

import { ThemeService } from '../core/theme.service';
import { formatCount } from './format';

/** Colours of the Material theme in effect, read from its CSS custom properties at draw time. */
export interface ChartPalette {
  series: string[];
  text: string;
  grid: string;
  surface: string;
}

export function readPalette(): ChartPalette {
  // The theme defines its colours with light-dark(), which only a used colour value resolves.
  const probe = document.createElement('span');
  probe.style.display = 'none';
  document.body.appendChild(probe);
  const read = (name: string, fallback: string) => {
    probe.style.color = fallback;
    probe.style.color = `var(${name}, ${fallback})`;
    return getComputedStyle(probe).color || fallback;
  };

  try {
    return {
      series: [
        read('--mat-sys-primary', '#005cbb'),
        read('--mat-sys-tertiary', '#343dff'),
        read('--ba-warning', '#a15c00'),
        read('--mat-sys-error', '#ba1a1a'),
      ],
      text: read('--mat-sys-on-surface-variant', '#44474e'),
      grid: read('--mat-sys-outline-variant', '#c4c6d0'),
      surface: read('--mat-sys-surface', '#ffffff'),
    };
  } finally {
    probe.remove();
  }
}

/** Axis, legend and tooltip settings shared by the cartesian charts. */
export function cartesianOptions(palette: ChartPalette, axes: { x: string; y: string }): ChartOptions<'line' | 'bar'> {
  const ticks = { color: palette.text };
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'nearest', intersect: false },
    scales: {
      x: { ticks, grid: { display: false }, title: { display: true, text: axes.x, color: palette.text } },
      y: {
        beginAtZero: true,
        ticks: { ...ticks, precision: 0 },
        grid: { color: palette.grid },
        title: { display: true, text: axes.y, color: palette.text },
      },
    },
    plugins: { legend: { labels: { color: palette.text } } },
  };
}

/** Adds an alpha channel to an rgb() or #rrggbb colour; other forms are returned unchanged. */
export function withAlpha(colour: string, alpha: number): string {
  const rgb = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(colour);
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;

  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (hex) return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${alpha})`;

  return colour;
}

/** Returns the palette as a signal that is read again whenever the theme changes; call it in an injection context. */
export function injectPalette(): Signal<ChartPalette> {
  const theme = inject(ThemeService);
  return computed(() => {
    theme.revision();
    return readPalette();
  });
}

/** Options of a one-series bar chart: no legend, counts with thousands separators in the tooltip. */
export function barChartOptions(palette: ChartPalette, axes: { x: string; y: string }): ChartOptions<'bar'> {
  const base = cartesianOptions(palette, axes) as ChartOptions<'bar'>;
  return {
    ...base,
    plugins: {
      ...base.plugins,
      legend: { display: false },
      tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatCount(item.parsed.y ?? 0)}` } },
    },
  };
}

/** Calls `reload` each time `tick` moves past 0, as a page asks its cards to refresh; call it in an injection context. */
export function reloadOnTick(tick: Signal<number>, reload: () => void): void {
  effect(() => {
    if (tick() > 0) untracked(reload);
  });
}
