/**
 * The server's configuration, validated once at the edge and frozen: flags (ServeOptions) >
 * `SONOCODE_*` environment > defaults. This is the only file of src/server that reads the
 * environment; everything below receives a slice of {@link ServerConfig}.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { ErrorCode } from '../errors/catalogue.js';
import { newInstanceId, newToken } from './ids.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';

export const ROLES = ['api', 'worker', 'socket', 'all'] as const;
export type Role = (typeof ROLES)[number];

/** What `sonocode serve` passes in: the flags, still optional. */
export interface ServeOptions {
  /** Which services run in this process. @defaultValue 'all' */
  role?: Role;
  /** `redis://host:port/db`: BullMQ queues and pub/sub. Without it: in-process queue and events (role `all` only). */
  redisUrl?: string;
  /** `mongodb://…/dbname`: MongoDB store. Without it: SQLite at {@link ServeOptions.dbPath}. */
  mongoUrl?: string;
  /** SQLite file; several processes on one machine may share it. @defaultValue `./.sonocode/sonocode.db` */
  dbPath?: string;
  /** TCP port of the api (and socket) role; 0 picks a free one. @defaultValue 3000 */
  port?: number;
  /** Address to listen on. @defaultValue '127.0.0.1' */
  host?: string;
  /** Bearer token of the admin (problem CRUD, users). Generated for this run when missing. */
  adminToken?: string;
  /** Submissions one worker process judges at once. @defaultValue 1 */
  workersConcurrency?: number;
  /** Submissions one user may make per {@link ServeOptions.rateLimitWindowMs}. @defaultValue 30 */
  rateLimitMax?: number;
  /** Window of the per-user submission rate limit, in milliseconds. @defaultValue 60000 */
  rateLimitWindowMs?: number;
  /** Largest source code accepted, in bytes. @defaultValue 65536 */
  maxCodeBytes?: number;
  /** A submission not finished and not updated for this long gets re-queued if it has no job, in milliseconds. @defaultValue 60000 */
  reconcileAfterMs?: number;
  /** How often the api role's reconciler looks, in milliseconds. @defaultValue 15000 */
  reconcileIntervalMs?: number;
  /** Attempts of a submission job whose judging failed for infrastructure reasons. @defaultValue 5 */
  jobAttempts?: number;
  /** First retry delay (doubling after), in milliseconds. @defaultValue 1000 */
  jobBackoffMs?: number;
  /** BullMQ lock of an active job (renewed at half of it while judging), in milliseconds. @defaultValue 60000 */
  lockDurationMs?: number;
  /** How often BullMQ looks for stalled jobs of dead workers, in milliseconds. @defaultValue 30000 */
  stalledIntervalMs?: number;
  /** Socket instance heartbeat to Redis, in milliseconds; the mapping expires after 3 missed beats. @defaultValue 5000 */
  socketHeartbeatMs?: number;
  /** @defaultValue 'info' */
  logLevel?: LogLevel;
  /** Names this process in Redis and in logs. @defaultValue `<role>-<random>` */
  instanceId?: string;
}

export interface ServerConfig {
  readonly role: Role;
  readonly runs: Readonly<{ api: boolean; worker: boolean; socket: boolean }>;
  readonly redisUrl?: string;
  readonly mongoUrl?: string;
  /** Absolute path of the SQLite file (unused with mongoUrl). */
  readonly dbPath: string;
  readonly port: number;
  readonly host: string;
  readonly adminToken: string;
  /** True when no admin token was given and one was made for this run. */
  readonly adminTokenGenerated: boolean;
  readonly instanceId: string;
  readonly logLevel: LogLevel;
  readonly api: Readonly<{
    /** @defaultValue 65536 */
    maxCodeBytes: number;
    rateLimit: Readonly<{ max: number; windowMs: number }>;
    reconcile: Readonly<{ afterMs: number; intervalMs: number }>;
  }>;
  readonly queue: Readonly<{ attempts: number; backoffMs: number; lockDurationMs: number; stalledIntervalMs: number }>;
  readonly worker: Readonly<{ concurrency: number }>;
  readonly socket: Readonly<{ heartbeatMs: number; instanceTtlMs: number; authTimeoutMs: number; maxFrameBytes: number }>;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Environment variables the server reads (flags win over them). */
export const SERVER_ENVIRONMENT = [
  ['SONOCODE_ADMIN_TOKEN', 'admin bearer token (like --admin-token)'],
  ['SONOCODE_REDIS_URL', 'Redis URL (like --redis)'],
  ['SONOCODE_MONGO_URL', 'MongoDB URL (like --mongo)'],
  ['SONOCODE_DB', 'SQLite file (like --db)'],
  ['SONOCODE_LOG_LEVEL', 'silent, error, warn, info or debug'],
  ['SONOCODE_RECONCILE_AFTER_MS', 'age after which an unfinished submission without a job is re-queued'],
  ['SONOCODE_LOCK_DURATION_MS', 'BullMQ lock of an active job'],
  ['SONOCODE_STALLED_INTERVAL_MS', 'BullMQ stalled-job check interval'],
] as const;

/** A configuration the user got wrong: every issue, each naming its flag. */
export class ServeConfigError extends Error {
  readonly code = 'SONO_CONFIG' satisfies ErrorCode;
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid server configuration:\n${issues.map((issue) => `  ${issue}`).join('\n')}`);
    this.name = 'ServeConfigError';
    this.issues = issues;
  }
}

/** The flag a user types for each option, for messages. */
const FLAG_NAMES: Record<string, string> = {
  role: '--role',
  redisUrl: '--redis',
  mongoUrl: '--mongo',
  dbPath: '--db',
  port: '--port',
  host: '--host',
  adminToken: '--admin-token',
  workersConcurrency: '--workers-concurrency',
  rateLimitMax: '--rate-limit',
  rateLimitWindowMs: '--rate-limit-window-ms',
  maxCodeBytes: '--max-code-bytes',
  reconcileAfterMs: '--reconcile-after-ms',
  reconcileIntervalMs: '--reconcile-interval-ms',
  jobAttempts: '--job-attempts',
  jobBackoffMs: '--job-backoff-ms',
  lockDurationMs: '--lock-duration-ms',
  stalledIntervalMs: '--stalled-interval-ms',
  socketHeartbeatMs: '--socket-heartbeat-ms',
  logLevel: '--log-level',
  instanceId: '--instance-id',
};

const int = (min: number, max: number) => z.number().int().min(min).max(max);

const optionsSchema = z.strictObject({
  role: z.enum(ROLES).default('all'),
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  mongoUrl: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// URL')
    .optional(),
  dbPath: z.string().min(1).default('./.sonocode/sonocode.db'),
  port: int(0, 65535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  adminToken: z.string().min(16, 'must be at least 16 characters').max(512).optional(),
  workersConcurrency: int(1, 64).default(1),
  rateLimitMax: int(1, 1_000_000).default(30),
  rateLimitWindowMs: int(100, 86_400_000).default(60_000),
  maxCodeBytes: int(1, 16 * 1024 * 1024).default(64 * 1024),
  reconcileAfterMs: int(100, 86_400_000).default(60_000),
  reconcileIntervalMs: int(100, 86_400_000).default(15_000),
  jobAttempts: int(1, 100).default(5),
  jobBackoffMs: int(0, 3_600_000).default(1000),
  lockDurationMs: int(1000, 3_600_000).default(60_000),
  stalledIntervalMs: int(500, 3_600_000).default(30_000),
  socketHeartbeatMs: int(100, 600_000).default(5000),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  instanceId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, underscore and hyphen only (at most 64)')
    .optional(),
});

/** Short messages that say what was given (`--port: expected a number, got "x"`). */
const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  const given = issue.input === undefined ? 'nothing' : JSON.stringify(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'number' ? 'a number' : issue.expected === 'string' ? 'text' : issue.expected}, got ${given}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}, got ${given}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}, got ${issue.origin === 'string' ? `${String(issue.input).length}` : given}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}, got ${issue.origin === 'string' ? `${String(issue.input).length}` : given}`;
    default:
      return undefined;
  }
};

/** Environment values as option values (numbers parsed; a bad number stays a string so zod names it). */
function fromEnv(env: Env): ServeOptions {
  const out: Record<string, unknown> = {};
  const text = (key: string, option: string) => {
    if (env[key] !== undefined && env[key] !== '') out[option] = env[key];
  };
  const number = (key: string, option: string) => {
    const value = env[key];
    if (value === undefined || value === '') return;
    out[option] = /^\d+$/.test(value.trim()) ? Number(value) : value;
  };
  text('SONOCODE_ADMIN_TOKEN', 'adminToken');
  text('SONOCODE_REDIS_URL', 'redisUrl');
  text('SONOCODE_MONGO_URL', 'mongoUrl');
  text('SONOCODE_DB', 'dbPath');
  text('SONOCODE_LOG_LEVEL', 'logLevel');
  number('SONOCODE_RECONCILE_AFTER_MS', 'reconcileAfterMs');
  number('SONOCODE_LOCK_DURATION_MS', 'lockDurationMs');
  number('SONOCODE_STALLED_INTERVAL_MS', 'stalledIntervalMs');
  return out as ServeOptions;
}

/**
 * Validates the options (every issue reported, naming its flag), applies the environment and the
 * defaults, creates the SQLite folder and returns the frozen configuration.
 *
 * @throws ServeConfigError
 */
export function resolveServeConfig(options: ServeOptions = {}, env: Env = process.env): ServerConfig {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const raw = { ...fromEnv(env), ...defined } as Record<string, unknown>;
  const parsed = optionsSchema.safeParse(raw, { error: configErrorMap });
  const issues: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '');
        if (issue.code === 'unrecognized_keys') return `unknown option(s): ${issue.keys.join(', ')}`;
        return `${FLAG_NAMES[key] ?? key}: ${issue.message}`;
      });
  const role = raw.role ?? 'all';
  if (role !== 'all' && typeof role === 'string' && (ROLES as readonly string[]).includes(role) && !raw.redisUrl) {
    issues.push(`--role ${role}: roles in separate processes talk through Redis; add --redis URL (or use --role all)`);
  }
  if (!parsed.success || issues.length > 0) throw new ServeConfigError(issues);
  const o = parsed.data;

  const dbPath = resolve(o.dbPath);
  if (!o.mongoUrl) {
    try {
      mkdirSync(dirname(dbPath), { recursive: true });
    } catch (error) {
      throw new ServeConfigError([`--db: cannot create the folder of ${dbPath}: ${(error as Error).message}`]);
    }
  }
  const runs = {
    api: o.role === 'api' || o.role === 'all',
    worker: o.role === 'worker' || o.role === 'all',
    socket: o.role === 'socket' || o.role === 'all',
  };
  const adminTokenGenerated = o.adminToken === undefined;
  const config: ServerConfig = {
    role: o.role,
    runs: Object.freeze(runs),
    ...(o.redisUrl ? { redisUrl: o.redisUrl } : {}),
    ...(o.mongoUrl ? { mongoUrl: o.mongoUrl } : {}),
    dbPath,
    port: o.port,
    host: o.host,
    // Only the api checks it; other roles never print a generated one.
    adminToken: o.adminToken ?? newToken(),
    adminTokenGenerated: adminTokenGenerated && runs.api,
    instanceId: o.instanceId ?? newInstanceId(o.role),
    logLevel: o.logLevel,
    api: Object.freeze({
      maxCodeBytes: o.maxCodeBytes,
      rateLimit: Object.freeze({ max: o.rateLimitMax, windowMs: o.rateLimitWindowMs }),
      reconcile: Object.freeze({ afterMs: o.reconcileAfterMs, intervalMs: o.reconcileIntervalMs }),
    }),
    queue: Object.freeze({
      attempts: o.jobAttempts,
      backoffMs: o.jobBackoffMs,
      lockDurationMs: o.lockDurationMs,
      stalledIntervalMs: o.stalledIntervalMs,
    }),
    worker: Object.freeze({ concurrency: o.workersConcurrency }),
    socket: Object.freeze({
      heartbeatMs: o.socketHeartbeatMs,
      instanceTtlMs: o.socketHeartbeatMs * 3,
      authTimeoutMs: 10_000,
      maxFrameBytes: 64 * 1024,
    }),
  };
  return Object.freeze(config);
}

/** Redacts secrets from a URL for logs (`redis://:***@host`). */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`);
}
