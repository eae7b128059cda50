import { stringify } from 'csv-stringify/sync';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** Header of a tenant's export. */
export const TENANT_COLUMNS = ['period', 'words', 'api_requests', 'questions', 'contacts', 'storage_bytes'];

/** Header of the platform-wide export: the tenant's columns after its id and name. */
export const PLATFORM_COLUMNS = ['tenant_id', 'tenant_name', ...TENANT_COLUMNS];

/** Maximum length of the tenant slug in a file name, in characters. */
const MAX_SLUG_LENGTH = 60;

const STRINGIFY_OPTIONS = {
  record_delimiter: 'windows',
  // With a custom record delimiter csv-stringify 6 would quote only fields that contain CRLF, not a lone LF or CR.
  quote_record_delimiter: true,
  escape_formulas: true,
} as const;

/** A row of one period: period (YYYY-MM-DD or YYYY-MM) and five non-negative integers. */
export type PeriodRow = [string, number, number, number, number, number];

/**
 * Formats usage rows as RFC 4180 CSV: a header row, CRLF line ends, and text fields with a comma,
 * a quote, CR or LF quoted with doubled quotes. Text cells that start with =, +, -, @, tab or CR
 * (or the full-width =, +, -, @) get a leading apostrophe, so that spreadsheets show them instead
 * of running them as formulas; numbers never do.
 */
export class CsvFormatter {
  constructor(
    private readonly columns: string[],
    private readonly bom: boolean,
  ) {}

  /** Returns the header line, after a UTF-8 byte-order mark when one was asked for. */
  header(): string {
    return stringify([], { ...STRINGIFY_OPTIONS, header: true, columns: this.columns, bom: this.bom });
  }

  /**
   * Returns the CSV lines of rows that share their leading text cells (a tenant's id and name).
   * csv-stringify quotes and guards those cells once per call. The period and the counters follow
   * as they are: digits and hyphens, never first, are nothing that RFC 4180 quotes or a spreadsheet
   * runs, and joining them is several times faster than passing each through csv-stringify.
   */
  lines(leadingCells: string[], rows: PeriodRow[]): string {
    const prefix = leadingCells.length > 0 ? `${stringify([leadingCells], STRINGIFY_OPTIONS).slice(0, -2)},` : '';
    let text = '';
    for (const row of rows) {
      text += `${prefix}${row.join(',')}\r\n`;
    }
    return text;
  }
}

/** A download's file name: `ascii` for the plain `filename` parameter, `unicode` for `filename*`. */
export interface ExportFileName {
  ascii: string;
  unicode: string;
}

function slug(name: string, letters: RegExp): string {
  const words = name.toLowerCase().replace(letters, '-').replace(/^-+|-+$/g, '');
  return Array.from(words).slice(0, MAX_SLUG_LENGTH).join('').replace(/-+$/, '');
}

/**
 * Builds `beyondask-usage-<slug>-<from>_<to>.csv`, or `beyondask-usage-<slug>-<to>.csv` without
 * `from`. The ASCII slug drops accents and every other character; the Unicode one keeps letters and
 * digits of any script. A name with neither becomes `tenant`.
 */
export function exportFileName(subject: string, from: string | undefined, to: string): ExportFileName {
  const range = from === undefined ? to : `${from}_${to}`;
  const ascii = slug(subject.normalize('NFKD').replace(/\p{M}/gu, ''), /[^a-z0-9]+/g) || 'tenant';
  const unicode = slug(subject.normalize('NFC'), /[^\p{L}\p{N}]+/gu) || 'tenant';
  return { ascii: `beyondask-usage-${ascii}-${range}.csv`, unicode: `beyondask-usage-${unicode}-${range}.csv` };
}

/**
 * Returns an `attachment` Content-Disposition (RFC 6266): `filename` in ASCII, plus `filename*` in
 * UTF-8 (RFC 8187) when the name has other characters.
 */
export function contentDisposition(fileName: ExportFileName): string {
  const plain = `attachment; filename="${fileName.ascii}"`;
  if (fileName.unicode === fileName.ascii) return plain;

  // The slug holds only letters, digits and hyphens, which encodeURIComponent turns into valid RFC 8187 characters.
  const encoded = encodeURIComponent(fileName.unicode);
  return `${plain}; filename*=UTF-8''${encoded}`;
}
