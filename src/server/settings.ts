/**
 * Every setting of `sonocode serve`, in one table: its flag, its key in {@link ServeOptions}, its
 * environment variable, its type, default, unit and description. The table makes the commander
 * options (src/cli/program.ts), the validation and the environment reader (config.ts) and the
 * settings table of docs/server.md (kept in step by a unit test). Adding a setting is one row.
 *
 * Plain data and no imports: the CLI loads it at start to declare `serve`'s options.
 */
export const ROLES = ['api', 'worker', 'socket', 'all'] as const;
export type Role = (typeof ROLES)[number];

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What values a setting takes; numbers and text as typed on the command line or in the environment. */
export type SettingType =
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'choice'; readonly values: readonly string[] }
  | { readonly kind: 'url'; readonly schemes: readonly string[] }
  | { readonly kind: 'text'; readonly minLength?: number; readonly maxLength?: number; readonly pattern?: RegExp; readonly patternMessage?: string };

export interface Setting {
  /** `--<flag> <value>` */
  readonly flag: string;
  /** The key in ServeOptions (and the name commander gives the flag, when it is the camel-cased flag). */
  readonly key: string;
  /** `SONOCODE_*`; flags win over it. */
  readonly env: string;
  readonly type: SettingType;
  /** Used when neither the flag nor the environment gives one; none for settings without a fixed default. */
  readonly default?: number | string;
  /** What happens without a value, when there is no fixed default (for help and docs). */
  readonly otherwise?: string;
  /** `ms` or `bytes` for numbers with a unit; shown in help and docs. */
  readonly unit?: 'ms' | 'bytes';
  /** The value's name in help (`--port <n>`). @defaultValue the unit, `n` for other numbers, `url` for URLs */
  readonly value?: string;
  readonly description: string;
}

const integer = (min: number, max: number) => ({ kind: 'integer', min, max }) as const;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const SERVE_SETTINGS = [
  {
    flag: 'role', key: 'role', env: 'SONOCODE_ROLE', type: { kind: 'choice', values: ROLES }, default: 'all', value: 'role',
    description: 'which services run in this process: api, worker, socket or all; a single role needs --redis',
  },
  {
    flag: 'redis', key: 'redisUrl', env: 'SONOCODE_REDIS_URL', type: { kind: 'url', schemes: ['redis', 'rediss'] }, otherwise: 'in-process queue and events',
    description: 'redis://[:password@]host:port[/db]: BullMQ queues `submissions`, `evaluations` and `runs`, pub/sub, the user → socket-instance mappings and the runs kept for an hour, shared by every process',
  },
  {
    flag: 'mongo', key: 'mongoUrl', env: 'SONOCODE_MONGO_URL', type: { kind: 'url', schemes: ['mongodb', 'mongodb+srv'] }, otherwise: 'SQLite (--db)',
    description: 'mongodb://…/dbname: the MongoDB store (database `sonocode` when the URL names none)',
  },
  {
    flag: 'db', key: 'dbPath', env: 'SONOCODE_DB', type: { kind: 'text', minLength: 1 }, default: './.sonocode/sonocode.db', value: 'path',
    description: 'the SQLite file (its folder is created); processes on one machine may share it',
  },
  { flag: 'port', key: 'port', env: 'SONOCODE_PORT', type: integer(0, 65535), default: 3000, description: 'TCP port of the api/socket role; 0 picks a free one' },
  { flag: 'host', key: 'host', env: 'SONOCODE_HOST', type: { kind: 'text', minLength: 1 }, default: '127.0.0.1', value: 'host', description: 'address to listen on (0.0.0.0 for every interface)' },
  {
    flag: 'admin-token', key: 'adminToken', env: 'SONOCODE_ADMIN_TOKEN', type: { kind: 'text', minLength: 16, maxLength: 512 }, otherwise: 'generated, printed on stderr', value: 'token',
    description: "the admin's bearer token (problem CRUD, users), at least 16 characters",
  },
  {
    flag: 'sandbox', key: 'sandbox', env: 'SONOCODE_SANDBOX', type: { kind: 'choice', values: ['docker', 'native', 'auto'] }, default: 'docker', value: 'backend',
    description: "where the worker runs programs: docker (a container per submission), native (bubblewrap namespaces and the host's cgroups) or auto (native where it works)",
  },
  { flag: 'workers-concurrency', key: 'workersConcurrency', env: 'SONOCODE_WORKERS_CONCURRENCY', type: integer(1, 64), default: 1, description: 'submissions one worker process judges at once (each in its own container)' },
  { flag: 'rate-limit', key: 'rateLimitMax', env: 'SONOCODE_RATE_LIMIT', type: integer(1, 1_000_000), default: 30, description: 'submissions per user per window (shared by every api instance through Redis)' },
  { flag: 'run-rate-limit', key: 'runRateLimitMax', env: 'SONOCODE_RUN_RATE_LIMIT', type: integer(1, 1_000_000), default: 60, description: 'runs (POST /api/v1/runs) per user per window, counted apart from submissions' },
  { flag: 'rate-limit-window-ms', key: 'rateLimitWindowMs', env: 'SONOCODE_RATE_LIMIT_WINDOW_MS', type: integer(100, DAY_MS), default: 60_000, unit: 'ms', description: 'the rate-limit window of submissions and of runs' },
  {
    flag: 'headers-timeout-ms', key: 'headersTimeoutMs', env: 'SONOCODE_HEADERS_TIMEOUT_MS', type: integer(500, HOUR_MS), default: 10_000, unit: 'ms',
    description: "a request's headers must arrive within this, or the connection is closed (api and socket instances; at most --request-timeout-ms)",
  },
  {
    flag: 'request-timeout-ms', key: 'requestTimeoutMs', env: 'SONOCODE_REQUEST_TIMEOUT_MS', type: integer(1000, HOUR_MS), default: 30_000, unit: 'ms',
    description: 'a whole request, its body included, must arrive within this, or it is answered 408 and the connection closed (a WebSocket, once open, is not bound by it)',
  },
  { flag: 'max-code-bytes', key: 'maxCodeBytes', env: 'SONOCODE_MAX_CODE_BYTES', type: integer(1, 16 * 1024 * 1024), default: 64 * 1024, unit: 'bytes', description: 'largest source code accepted' },
  {
    flag: 'reconcile-after-ms', key: 'reconcileAfterMs', env: 'SONOCODE_RECONCILE_AFTER_MS', type: integer(100, DAY_MS), default: 60_000, unit: 'ms',
    description: 'an unfinished submission unchanged this long, with no job, is queued again',
  },
  { flag: 'reconcile-interval-ms', key: 'reconcileIntervalMs', env: 'SONOCODE_RECONCILE_INTERVAL_MS', type: integer(100, DAY_MS), default: 15_000, unit: 'ms', description: 'how often the api looks for them' },
  {
    flag: 'job-attempts', key: 'jobAttempts', env: 'SONOCODE_JOB_ATTEMPTS', type: integer(1, 100), default: 5,
    description: 'tries of a submission whose judging failed for infrastructure reasons; the last failure gives IE',
  },
  { flag: 'job-backoff-ms', key: 'jobBackoffMs', env: 'SONOCODE_JOB_BACKOFF_MS', type: integer(0, HOUR_MS), default: 1000, unit: 'ms', description: 'first retry delay, doubling after each failure' },
  {
    flag: 'lock-duration-ms', key: 'lockDurationMs', env: 'SONOCODE_LOCK_DURATION_MS', type: integer(1000, HOUR_MS), default: 10_000, unit: 'ms',
    description: "lock of a job being judged, renewed every half of it while the worker lives; a dead worker's job is taken over once it expires",
  },
  {
    flag: 'stalled-interval-ms', key: 'stalledIntervalMs', env: 'SONOCODE_STALLED_INTERVAL_MS', type: integer(500, HOUR_MS), default: 5000, unit: 'ms',
    description: "how often workers look for jobs of dead workers; one is taken over within the lock plus two of these",
  },
  {
    flag: 'socket-heartbeat-ms', key: 'socketHeartbeatMs', env: 'SONOCODE_SOCKET_HEARTBEAT_MS', type: integer(100, 600_000), default: 5000, unit: 'ms',
    description: 'socket instance heartbeat to Redis; its mappings expire after three missed beats',
  },
  { flag: 'log-level', key: 'logLevel', env: 'SONOCODE_LOG_LEVEL', type: { kind: 'choice', values: LOG_LEVELS }, default: 'info', value: 'level', description: 'silent, error, warn, info or debug (lines on stderr)' },
  {
    flag: 'instance-id', key: 'instanceId', env: 'SONOCODE_INSTANCE_ID', type: { kind: 'text', pattern: /^[A-Za-z0-9._-]{1,64}$/, patternMessage: 'letters, digits, dot, underscore and hyphen only (at most 64)' },
    otherwise: '<role>-<random>', value: 'id', description: 'names this process in Redis and in logs',
  },
] as const satisfies readonly Setting[];

type Settings = (typeof SERVE_SETTINGS)[number];
type ValueOf<S extends Setting> = S['type'] extends { kind: 'integer' } ? number : S['type'] extends { kind: 'choice'; values: readonly (infer V)[] } ? V : string;

/** What `sonocode serve` passes in: each setting by its key, optional (flags > environment > defaults). */
export type ServeOptions = { [S in Settings as S['key']]?: ValueOf<S> };

/** The settings after defaults: those with a default are always there. */
export type ResolvedSettings = { [S in Settings as S['key']]: S extends { default: string | number } ? ValueOf<S> : ValueOf<S> | undefined };

/** A setting's value name in help: `--port <n>`, `--redis <url>`, `--lock-duration-ms <ms>`. */
export function valueName(setting: Setting): string {
  return setting.value ?? setting.unit ?? (setting.type.kind === 'url' ? 'url' : 'n');
}

/** The default as help and docs show it: `3000`, `./.sonocode/sonocode.db`, or what happens without one. */
export function defaultText(setting: Setting): string {
  return setting.default !== undefined ? String(setting.default) : (setting.otherwise ?? 'none');
}

/** The key commander gives a flag: `admin-token` → `adminToken`. */
export function commanderKey(setting: Setting): string {
  return setting.flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The flags as commander hands them over (`{redis: 'redis://…', adminToken: '…', port: '0'}`,
 * strings as typed) → ServeOptions. Numbers are parsed when they are whole numbers; anything else
 * stays as typed, so that validation names it. Unknown keys are ignored.
 */
export function serveOptionsFromFlags(flags: Readonly<Record<string, unknown>>): ServeOptions {
  return optionsFrom((setting) => flags[commanderKey(setting)]);
}

/** The `SONOCODE_*` variables → ServeOptions (empty ones are unset), like {@link serveOptionsFromFlags}. */
export function serveOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): ServeOptions {
  return optionsFrom((setting) => (env[setting.env] === '' ? undefined : env[setting.env]));
}

function optionsFrom(read: (setting: Setting) => unknown): ServeOptions {
  const options: Record<string, unknown> = {};
  for (const setting of SERVE_SETTINGS as readonly Setting[]) {
    const value = read(setting);
    if (value === undefined) continue;
    options[setting.key] = setting.type.kind === 'integer' && typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  }
  return options as ServeOptions;
}

/** The settings table of docs/server.md, made from {@link SERVE_SETTINGS}. */
export function settingsDocsTable(): string {
  const rows = (SERVE_SETTINGS as readonly Setting[]).map((setting) => {
    const unit = setting.unit ? ` (${setting.unit === 'ms' ? 'milliseconds' : 'bytes'})` : '';
    const fallback = setting.default !== undefined ? `\`${setting.default}\`` : (setting.otherwise ?? 'none');
    return `| \`--${setting.flag} ${valueName(setting).toUpperCase()}\` | \`${setting.env}\` | ${fallback} | ${setting.description}${unit} |`;
  });
  return ['| flag | environment | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
