/**
 * A small logger shared by the roles, shaped like pino's (so Fastify accepts it as its
 * `loggerInstance`): one line per entry on stderr, `level role message {fields}`.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { LogLevel } from './settings.js';

const RANK: Record<string, number> = { fatal: 1, error: 1, warn: 2, info: 3, debug: 4, trace: 5 };

export interface Logger extends FastifyBaseLogger {
  child(bindings: Record<string, unknown>): Logger;
}

type Write = (line: string) => void;

export function createLogger(level: LogLevel, write: Write = (line) => void process.stderr.write(line), bindings: Record<string, unknown> = {}): Logger {
  const threshold = level === 'silent' ? 0 : RANK[level];
  const log =
    (name: string) =>
    (first?: unknown, second?: unknown): void => {
      if (RANK[name] > threshold) return;
      let message: string;
      let fields: Record<string, unknown> = {};
      if (typeof first === 'string') {
        message = first;
      } else if (first instanceof Error) {
        message = typeof second === 'string' ? `${second}: ${first.message}` : first.message;
      } else {
        fields = (first ?? {}) as Record<string, unknown>;
        message = typeof second === 'string' ? second : '';
        const error = fields.err ?? fields.error;
        if (error instanceof Error) {
          const code = (error as { code?: unknown }).code;
          fields = { ...fields, err: error.message, ...(code !== undefined ? { code } : {}) };
        }
        delete fields.error;
        // Fastify's request logs carry whole request objects; keep the useful bits only.
        if (fields.req || fields.res) return;
      }
      const where = bindings.role ? `${String(bindings.role)} ` : '';
      const extra = Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
      write(`${new Date().toISOString()} ${name.toUpperCase()} ${where}${message}${extra}\n`);
    };
  const logger = {
    level,
    fatal: log('fatal'),
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    trace: log('trace'),
    silent: () => {},
    child: (more: Record<string, unknown>) => createLogger(level, write, { ...bindings, ...more }),
  };
  return logger as unknown as Logger;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '{…}';
  }
}
