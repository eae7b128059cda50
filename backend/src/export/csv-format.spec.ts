import { parse } from 'csv-parse/sync';

import { contentDisposition, CsvFormatter, exportFileName, PLATFORM_COLUMNS, TENANT_COLUMNS } from './csv-format';

/** Formats one platform row of a tenant with the given name, after the header. */
function platformCsv(name: string): string {
  const formatter = new CsvFormatter(PLATFORM_COLUMNS, false);
  return formatter.header() + formatter.lines(['t1', name], [['2026-01', 1, 2, 3, 4, 5]]);
}

describe('CsvFormatter', () => {
  it('writes the header and CRLF line ends', () => {
    const formatter = new CsvFormatter(PLATFORM_COLUMNS, false);

    const csv = formatter.header() + formatter.lines(['t1', 'Acme'], [['2026-01-01', 1, 2, 3, 4, 5], ['2026-01-02', 0, 0, 0, 0, 7]]);

    expect(csv).toBe(
      'tenant_id,tenant_name,period,words,api_requests,questions,contacts,storage_bytes\r\n' +
        't1,Acme,2026-01-01,1,2,3,4,5\r\nt1,Acme,2026-01-02,0,0,0,0,7\r\n',
    );
  });

  it('writes rows without leading cells for one tenant', () => {
    const formatter = new CsvFormatter(TENANT_COLUMNS, false);

    expect(formatter.header() + formatter.lines([], [['2026-01', 10, 20, 30, 40, 1_000_000_000_000]])).toBe(
      'period,words,api_requests,questions,contacts,storage_bytes\r\n2026-01,10,20,30,40,1000000000000\r\n',
    );
  });

  it.each([
    ['=HYPERLINK("x")', `'=HYPERLINK("x")`],
    ['+1', `'+1`],
    ['-1', `'-1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tTabbed', `'\tTabbed`],
    ['\rReturn', `'\rReturn`],
    ['＝full width', `'＝full width`],
    ['Comma, "quote"\nnewline', 'Comma, "quote"\nnewline'],
    ['Lone\rreturn', 'Lone\rreturn'],
    ['Plain = name', 'Plain = name'],
  ])('round-trips the name %j through a CSV parser', (name, expected) => {
    const [row] = parse(platformCsv(name), { columns: true }) as Array<Record<string, string>>;

    expect(row.tenant_name).toBe(expected);
    expect(row.period).toBe('2026-01');
    expect(row.storage_bytes).toBe('5');
  });

  it.each(['Line\nbreak', 'Carriage\rreturn'])('quotes the line break in %j', (name) => {
    expect(platformCsv(name)).toContain(`,"${name}",`);
  });

  it('adds a byte-order mark only when asked', () => {
    expect(new CsvFormatter(PLATFORM_COLUMNS, true).header()).toBe(`\uFEFF${PLATFORM_COLUMNS.join(',')}\r\n`);
    expect(new CsvFormatter(PLATFORM_COLUMNS, false).header()).toBe(`${PLATFORM_COLUMNS.join(',')}\r\n`);
  });
});

describe('exportFileName', () => {
  it('slugs the tenant name', () => {
    expect(exportFileName('Acme Support GmbH', '2026-01-01', '2026-12-31')).toEqual({
      ascii: 'beyondask-usage-acme-support-gmbh-2026-01-01_2026-12-31.csv',
      unicode: 'beyondask-usage-acme-support-gmbh-2026-01-01_2026-12-31.csv',
    });
  });

  it('drops accents in ASCII and keeps other scripts in Unicode', () => {
    expect(exportFileName('Müller & Söhne', '2026-01-01', '2026-01-31').ascii).toBe('beyondask-usage-muller-sohne-2026-01-01_2026-01-31.csv');
    expect(exportFileName('東京 Support', '2026-01-01', '2026-01-31')).toEqual({
      ascii: 'beyondask-usage-support-2026-01-01_2026-01-31.csv',
      unicode: 'beyondask-usage-東京-support-2026-01-01_2026-01-31.csv',
    });
  });

  it('never lets quotes, slashes or line breaks through', () => {
    const name = exportFileName('=HYPERLINK("x")/../\r\nX-Evil: 1', '2026-01-01', '2026-01-31');

    expect(name.ascii).toBe('beyondask-usage-hyperlink-x-x-evil-1-2026-01-01_2026-01-31.csv');
    expect(name.unicode).toBe(name.ascii);
  });

  it('falls back to tenant and limits the length', () => {
    expect(exportFileName('!!!', '2026-01-01', '2026-01-31').ascii).toBe('beyondask-usage-tenant-2026-01-01_2026-01-31.csv');
    expect(exportFileName('a'.repeat(200), undefined, '2026-01-31').ascii).toBe(`beyondask-usage-${'a'.repeat(60)}-2026-01-31.csv`);
  });
});

describe('contentDisposition', () => {
  it('adds filename* only for names beyond ASCII', () => {
    expect(contentDisposition(exportFileName('Acme', '2026-01-01', '2026-01-31'))).toBe(
      'attachment; filename="beyondask-usage-acme-2026-01-01_2026-01-31.csv"',
    );
    expect(contentDisposition(exportFileName('Café Ünïcode', '2026-01-01', '2026-01-31'))).toBe(
      "attachment; filename=\"beyondask-usage-cafe-unicode-2026-01-01_2026-01-31.csv\"; filename*=UTF-8''beyondask-usage-caf%C3%A9-%C3%BCn%C3%AFcode-2026-01-01_2026-01-31.csv",
    );
  });
});
