export type DatabaseTarget =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'mysql'; host: string; port: number; username: string; password: string; database: string };

export const SQLITE_IN_MEMORY = ':memory:';

/**
 * Parses `sqlite:<path>` or `mysql://user:pass@host:port/db` (also `mariadb://`).
 * Throws an Error whose message explains what is wrong with the URL, without echoing its password.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') {
      throw new Error('has no file path after "sqlite:"');
    }
    return { dialect: 'sqlite', path };
  }

  if (!/^(mysql|mariadb):\/\//.test(url)) {
    throw new Error('must start with "sqlite:" or "mysql://"');
  }

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('is not a valid URL');
  }

  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw new Error('must name one database after the host, as in mysql://user:pass@host:3306/beyondask');
  }
  if (parsed.hostname === '') {
    throw new Error('has no host');
  }

  return {
    dialect: 'mysql',
    host: parsed.hostname,
    port: parsed.port === '' ? 3306 : Number(parsed.port),
    username: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database,
  };
}

/** Returns the URL with any password replaced by `***`, for messages and logs. */
export function redactUrlPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
