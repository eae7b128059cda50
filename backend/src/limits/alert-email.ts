import { DateTime } from 'luxon';

import { LimitMetric, METRIC_LABELS } from './limit-metrics';

const integers = new Intl.NumberFormat('en-US');
const decimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const shortDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
/** Decimal units, as the dashboard shows sizes. */
const BYTE_UNITS: Array<[string, number]> = [
  ['TB', 1e12],
  ['GB', 1e9],
  ['MB', 1e6],
  ['kB', 1e3],
];

/** Facts of one alert, with the numbers at the moment it fired. */
export interface AlertFacts {
  kind: 'threshold' | 'forecast';
  tenantName: string;
  metric: LimitMetric;
  /** Thresholds reached in this alert, highest first; empty for forecasts. */
  thresholds: number[];
  used: number;
  limit: number;
  percentUsed: number;
  projectedMonthEnd: number;
  /** The local date (YYYY-MM-DD) on which the limit is projected to be reached; required for forecasts. */
  reachDate: string | null;
  /** Start of next month in the tenant's time zone; null for storage, which does not reset. */
  resetsAt: DateTime | null;
  dashboardUrl: string;
}

export interface AlertMessage {
  subject: string;
  text: string;
  html: string;
  /** Short form for the in-app notification. */
  title: string;
  summary: string;
}

/** Formats a count, or bytes as "812 MB (812,000,000 bytes)". */
export function formatAmount(metric: LimitMetric, value: number): string {
  if (metric !== 'storageBytes') return `${integers.format(value)} ${METRIC_LABELS[metric]}`;

  const unit = BYTE_UNITS.find(([, size]) => value >= size);
  const bytes = `${integers.format(value)} bytes`;
  return unit ? `${shortDecimals.format(value / unit[1])} ${unit[0]} (${bytes})` : bytes;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function joinPercentages(thresholds: number[]): string {
  const sorted = [...thresholds].sort((a, b) => a - b).map((threshold) => `${threshold} %`);
  return sorted.length === 1 ? sorted[0] : `${sorted.slice(0, -1).join(', ')} and ${sorted[sorted.length - 1]}`;
}

/** Builds the subject, plain text, HTML and notification text of a limit alert. */
export function composeAlert(facts: AlertFacts): AlertMessage {
  const label = METRIC_LABELS[facts.metric];
  const monthly = facts.metric !== 'storageBytes';
  const limitName = monthly ? 'monthly limit' : 'limit';
  const percent = `${decimals.format(facts.percentUsed)} %`;
  const reachDay = facts.reachDate ? DateTime.fromISO(facts.reachDate).setLocale('en-US').toFormat('d MMMM') : '';

  const subject =
    facts.kind === 'forecast'
      ? `BeyondAsk: ${label} on track to reach your ${limitName} on ${reachDay}`
      : `BeyondAsk: ${label} at ${facts.thresholds[0]} % of your ${limitName}`;
  const title =
    facts.kind === 'forecast' ? `${label} on track to reach the ${limitName} on ${reachDay}` : `${label} at ${facts.thresholds[0]} % of the ${limitName}`;

  const usage = monthly
    ? `${facts.tenantName} has used ${formatAmount(facts.metric, facts.used)} this month, ${percent} of its monthly limit of ${formatAmount(facts.metric, facts.limit)}.`
    : `${facts.tenantName} stores ${formatAmount(facts.metric, facts.used)}, ${percent} of its storage limit of ${formatAmount(facts.metric, facts.limit)}.`;
  const lines = [usage];
  if (facts.kind === 'threshold') {
    lines.push(`It has reached the alert ${facts.thresholds.length === 1 ? 'threshold' : 'thresholds'} of ${joinPercentages(facts.thresholds)}.`);
  }
  if (reachDay) {
    lines.push(`At this month's pace it reaches the limit on ${reachDay} and uses about ${formatAmount(facts.metric, facts.projectedMonthEnd)} by the end of the month.`);
  } else if (monthly && facts.projectedMonthEnd > facts.used) {
    lines.push(`At this month's pace it uses about ${formatAmount(facts.metric, facts.projectedMonthEnd)} by the end of the month.`);
  }
  if (facts.resetsAt) {
    lines.push(`The limit resets on ${facts.resetsAt.setLocale('en-US').toFormat("d MMMM yyyy 'at' HH:mm")} (${facts.resetsAt.zoneName}).`);
  } else {
    lines.push('Storage counts what is stored now, so this limit does not reset at the end of the month.');
  }
  const footer = `You receive this email because you are set to receive limit alerts of ${facts.tenantName}, or are one of its admins.`;

  const text = [...lines, '', `Limits in the dashboard: ${facts.dashboardUrl}`, '', footer, ''].join('\n');
  const html = renderHtml(subject, lines, facts.dashboardUrl, footer);
  return { subject, text, html, title, summary: lines.join(' ') };
}

function renderHtml(subject: string, lines: string[], dashboardUrl: string, footer: string): string {
  const paragraphs = lines.map((line) => `<p style="margin:0 0 12px">${escapeHtml(line)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933">
${paragraphs}
<p style="margin:20px 0"><a href="${escapeHtml(dashboardUrl)}" style="background:#3949ab;color:#ffffff;padding:10px 16px;border-radius:4px;text-decoration:none">Open the limits in the dashboard</a></p>
<p style="margin:0;font-size:12px;color:#616e7c">${escapeHtml(footer)}</p>
</body>
</html>
`;
}
