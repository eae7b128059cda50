import { fileNameOf } from './csv-download';

describe('fileNameOf', () => {
  it('reads a quoted file name', () => {
    expect(fileNameOf('attachment; filename="beyondask-usage-acme-2026-01-01_2026-12-31.csv"', 'x.csv')).toBe(
      'beyondask-usage-acme-2026-01-01_2026-12-31.csv',
    );
  });

  it('prefers the UTF-8 file name', () => {
    expect(fileNameOf(`attachment; filename="beyondask-usage-cafe.csv"; filename*=UTF-8''beyondask-usage-caf%C3%A9.csv`, 'x.csv')).toBe(
      'beyondask-usage-café.csv',
    );
  });

  it('falls back without a header', () => {
    expect(fileNameOf(null, 'fallback.csv')).toBe('fallback.csv');
  });
});
