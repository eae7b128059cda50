import { ConfigurationError, validateEnvironment } from './environment';

function problemsOf(variables: Record<string, string>): string[] {
  try {
    validateEnvironment(variables);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('validateEnvironment', () => {
  it('applies the documented defaults', () => {
    const environment = validateEnvironment({});

    expect(environment.PORT).toBe(3000);
    expect(environment.DATABASE_URL).toBe('sqlite:./data/beyondask.sqlite');
    expect(environment.JWT_EXPIRES_IN).toBe('1h');
    expect(environment.ADMIN_EMAIL).toBe('admin@beyondask.local');
    expect(environment.DEMO_DATA).toBe(false);
    expect(environment.ROLLUP_CRON).toBe('*/1 * * * *');
    expect(environment.MAIL_FROM).toBe('BeyondAsk <no-reply@beyondask.local>');
    expect(environment.TRUST_PROXY).toBe(false);
    expect(environment.RAW_RETENTION_DAYS).toBe(400);
    expect(environment.SMTP_URL).toBeUndefined();
    expect(environment.REDIS_URL).toBeUndefined();
    expect(environment.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('derives PUBLIC_URL from PORT and drops a trailing slash', () => {
    expect(validateEnvironment({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(validateEnvironment({ PUBLIC_URL: 'https://metrics.example.com/app/' }).PUBLIC_URL).toBe('https://metrics.example.com/app');
  });

  it.each(['metrics.example.com', 'ftp://metrics.example.com', 'https://metrics.example.com/?a=1'])('rejects PUBLIC_URL=%s', (url) => {
    const [problem] = problemsOf({ PUBLIC_URL: url });

    expect(problem).toContain('PUBLIC_URL must be the http(s) address of the dashboard');
    expect(problem).toContain(`(got "${url}")`);
  });

  it('converts numbers and booleans', () => {
    const environment = validateEnvironment({ PORT: '8080', DEMO_DATA: 'true', TRUST_PROXY: 'false', RAW_RETENTION_DAYS: '30' });

    expect(environment.PORT).toBe(8080);
    expect(environment.DEMO_DATA).toBe(true);
    expect(environment.TRUST_PROXY).toBe(false);
    expect(environment.RAW_RETENTION_DAYS).toBe(30);
  });

  it('listens on every interface unless HOST is set', () => {
    expect(validateEnvironment({}).HOST).toBe('0.0.0.0');
    expect(validateEnvironment({ HOST: '127.0.0.1' }).HOST).toBe('127.0.0.1');
  });

  it('treats empty values as unset', () => {
    expect(validateEnvironment({ PORT: '', DATABASE_URL: '  ' }).PORT).toBe(3000);
  });

  it.each([
    ['PORT', 'abc', 'PORT must be an integer TCP port from 1 to 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be an integer TCP port from 1 to 65535 (got "70000")'],
    ['PORT', '80.5', 'PORT must be an integer TCP port from 1 to 65535 (got "80.5")'],
    ['HOST', 'example host', 'HOST must be an IP address such as 127.0.0.1 or 0.0.0.0, or localhost (got "example host")'],
    ['DEMO_DATA', 'yes', 'DEMO_DATA must be true or false (got "yes")'],
    ['ROLLUP_CRON', 'every minute', 'ROLLUP_CRON must be a cron expression'],
    ['JWT_EXPIRES_IN', '1 hour', 'JWT_EXPIRES_IN must be a positive number of seconds or a duration'],
    ['RAW_RETENTION_DAYS', '0', 'RAW_RETENTION_DAYS must be a whole number of days from 1 to 3650 (got "0")'],
    ['ADMIN_EMAIL', 'admin', 'ADMIN_EMAIL must be an email address (got "admin")'],
    ['NODE_ENV', 'staging', 'NODE_ENV must be one of development, production, test (got "staging")'],
  ])('rejects %s=%s', (variable, value, expected) => {
    const problems = problemsOf({ [variable]: value });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it.each([
    ['postgres://localhost/db', 'must start with "sqlite:" or "mysql://"'],
    ['sqlite:', 'has no file path after "sqlite:"'],
    ['mysql://root@localhost', 'must name one database after the host'],
    ['mysql://root@:3306/db', 'is not a valid URL'],
  ])('rejects DATABASE_URL=%s', (url, expected) => {
    const [problem] = problemsOf({ DATABASE_URL: url });

    expect(problem).toContain('DATABASE_URL');
    expect(problem).toContain(expected);
    expect(problem).toContain('expected sqlite:<path> or mysql://user:pass@host:port/database');
  });

  it('accepts MySQL and MariaDB URLs', () => {
    expect(() => validateEnvironment({ DATABASE_URL: 'mysql://user:pass@db.internal:3307/beyondask' })).not.toThrow();
    expect(() => validateEnvironment({ DATABASE_URL: 'mariadb://root@127.0.0.1/test' })).not.toThrow();
  });

  it('reports every invalid variable in one message', () => {
    expect(() => validateEnvironment({ PORT: 'x', DEMO_DATA: 'maybe' })).toThrow(
      /^Invalid configuration: PORT .*; DEMO_DATA /,
    );
  });

  it('requires JWT_SECRET in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET is required when NODE_ENV=production; set it to a random string of at least 32 characters',
    ]);
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toHaveLength(32);
  });

  it('never echoes secrets or URL passwords', () => {
    const problems = problemsOf({
      JWT_SECRET: 'short-secret',
      ADMIN_PASSWORD: 'pw',
      DATABASE_URL: 'mysql://root:hunter2@localhost',
    });

    expect(problems.join(' ')).not.toContain('short-secret');
    expect(problems.join(' ')).not.toMatch(/"pw"/);
    expect(problems.join(' ')).not.toContain('hunter2');
    expect(problems.join(' ')).toContain('mysql://root:***@localhost');
  });
});
