import pino, { Logger } from 'pino';

/** Creates a pino logger that records entries in memory, so that tests can check what was logged. */
export function createTestLogger(): { logger: Logger; entries: Array<Record<string, unknown>> } {
  const entries: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        entries.push(JSON.parse(line));
      },
    },
  );
  return { logger, entries };
}
