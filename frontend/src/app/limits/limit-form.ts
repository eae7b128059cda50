/** Text fields of the limit editor; toLimitBody turns them into a PUT body. */
export interface LimitFormValue {
  monthlyLimit: string;
  thresholds: string;
  notifyEmails: string;
}

export interface LimitBody {
  monthlyLimit: number;
  thresholds: number[];
  notifyEmails: string[];
}

/** Turns the form into a request body, or explains the first problem; the API checks it again. */
export function toLimitBody(form: LimitFormValue, unit: 'count' | 'bytes'): { body: LimitBody } | { problem: string } {
  const monthlyLimit = unit === 'bytes' ? Math.round(Number(form.monthlyLimit) * 1_000_000) : Number(form.monthlyLimit);
  if (!Number.isFinite(monthlyLimit) || monthlyLimit < 1 || (unit === 'count' && !Number.isInteger(monthlyLimit))) {
    return { problem: unit === 'bytes' ? 'Enter the limit in MB, a number above 0.' : 'Enter the limit as a whole number above 0.' };
  }

  // Empty thresholds take the API's defaults.
  const thresholds = form.thresholds.trim() === '' ? [80, 100] : splitList(form.thresholds).map(Number);
  if (thresholds.some((value) => !Number.isInteger(value) || value < 1 || value > 1000)) {
    return { problem: 'Enter thresholds as whole percentages from 1 to 1000, separated by commas, such as 80, 100.' };
  }
  if (new Set(thresholds).size !== thresholds.length) {
    return { problem: 'Each threshold may appear only once.' };
  }

  const notifyEmails = splitList(form.notifyEmails);
  const invalid = notifyEmails.find((email) => !/^[^\s@]+@[^\s@]+$/.test(email));
  if (invalid) return { problem: `"${invalid}" is not an email address.` };

  return { body: { monthlyLimit, thresholds: [...thresholds].sort((a, b) => a - b), notifyEmails } };
}

function splitList(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
