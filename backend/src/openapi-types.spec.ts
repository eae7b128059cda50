import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

// The dashboard types its API calls from frontend/src/app/api/schema.ts; this fails when the API
// changed without regenerating it.
describe('the dashboard API types', () => {
  it('match the OpenAPI document of the built backend', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'tools/openapi/generate-types.mjs'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
