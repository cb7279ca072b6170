/** The flags of `sonocode serve` (declared in src/cli/program.ts) as ServeOptions. */
import type { ServeOptions } from './config.js';

/** Flags: name → [option key, kind]. */
export const SERVE_FLAGS = {
  role: ['role', 'string'],
  redis: ['redisUrl', 'string'],
  mongo: ['mongoUrl', 'string'],
  db: ['dbPath', 'string'],
  port: ['port', 'number'],
  host: ['host', 'string'],
  'admin-token': ['adminToken', 'string'],
  'workers-concurrency': ['workersConcurrency', 'number'],
  'rate-limit': ['rateLimitMax', 'number'],
  'rate-limit-window-ms': ['rateLimitWindowMs', 'number'],
  'max-code-bytes': ['maxCodeBytes', 'number'],
  'reconcile-after-ms': ['reconcileAfterMs', 'number'],
  'reconcile-interval-ms': ['reconcileIntervalMs', 'number'],
  'job-attempts': ['jobAttempts', 'number'],
  'job-backoff-ms': ['jobBackoffMs', 'number'],
  'lock-duration-ms': ['lockDurationMs', 'number'],
  'stalled-interval-ms': ['stalledIntervalMs', 'number'],
  'socket-heartbeat-ms': ['socketHeartbeatMs', 'number'],
  'log-level': ['logLevel', 'string'],
  'instance-id': ['instanceId', 'string'],
} as const satisfies Record<string, readonly [keyof ServeOptions, 'string' | 'number']>;

/** `admin-token` → `adminToken`: the key commander gives a flag. */
function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The flags as commander hands them over (`{redis: 'redis://…', adminToken: '…', port: '0'}`,
 * strings as typed) → ServeOptions, for the CLI's `serve` command. Unknown keys are ignored.
 */
export function serveOptionsFromFlags(flags: Readonly<Record<string, unknown>>): ServeOptions {
  const options: Record<string, unknown> = {};
  for (const [flag, [key, kind]] of Object.entries(SERVE_FLAGS)) {
    const value = flags[camel(flag)];
    if (value === undefined) continue;
    options[key] = kind === 'number' && typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  }
  return options as ServeOptions;
}
