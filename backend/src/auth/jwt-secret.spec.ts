import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { resolveJwtSecret } from './jwt-secret';

describe('resolveJwtSecret', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'beyondask-secret-'));
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('uses JWT_SECRET when it is set', () => {
    const file = join(folder, 'data', 'jwt-secret');

    expect(resolveJwtSecret('configured-secret', file)).toEqual({ secret: 'configured-secret', generated: false });
    expect(() => statSync(file)).toThrow();
  });

  it('generates a secret once and keeps it', () => {
    const file = join(folder, 'data', 'jwt-secret');

    const first = resolveJwtSecret(undefined, file);
    const second = resolveJwtSecret(undefined, file);

    expect(first.generated).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(64);
    expect(second).toEqual({ secret: first.secret, generated: false });
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
