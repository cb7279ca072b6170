/**
 * The server's configuration, validated once at the edge and frozen: flags (ServeOptions) >
 * `SONOCODE_*` environment > defaults, every setting as settings.ts declares it. This is the only
 * file of src/server that reads the environment; everything below receives a slice of
 * {@link ServerConfig}.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { ErrorCode } from '../errors/catalogue.js';
import { newInstanceId, newToken } from './ids.js';
import { ROLES, SERVE_SETTINGS, serveOptionsFromEnv, type LogLevel, type ResolvedSettings, type Role, type ServeOptions, type Setting, type SettingType } from './settings.js';
import { fieldIssues, validationErrorMap } from './validation.js';

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
  /** Bounds of every listening role's HTTP server (a client trickling a request holds a connection no longer). */
  readonly http: Readonly<{ headersTimeoutMs: number; requestTimeoutMs: number }>;
  readonly api: Readonly<{
    /** Largest source code accepted, in bytes. */
    maxCodeBytes: number;
    rateLimit: Readonly<{ max: number; windowMs: number }>;
    /** Runs (`POST /api/v1/runs`) per user per window, counted apart from submissions. */
    runRateLimit: Readonly<{ max: number; windowMs: number }>;
    reconcile: Readonly<{ afterMs: number; intervalMs: number }>;
  }>;
  readonly queue: Readonly<{ attempts: number; backoffMs: number; lockDurationMs: number; stalledIntervalMs: number }>;
  readonly worker: Readonly<{ concurrency: number; sandbox: 'docker' | 'native' | 'auto' }>;
  readonly socket: Readonly<{ heartbeatMs: number; instanceTtlMs: number; authTimeoutMs: number; maxFrameBytes: number }>;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** A configuration the user got wrong: every issue, each naming its flag (or variable). */
export class ServeConfigError extends Error {
  readonly code = 'SONO_CONFIG' satisfies ErrorCode;
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid server configuration:\n${issues.map((issue) => `  ${issue}`).join('\n')}`);
    this.name = 'ServeConfigError';
    this.issues = issues;
  }
}

function typeSchema(type: SettingType): z.ZodType {
  switch (type.kind) {
    case 'integer':
      return z.number().int().min(type.min).max(type.max);
    case 'choice':
      return z.enum(type.values as [string, ...string[]]);
    case 'url': {
      const schemes = type.schemes.map((scheme) => scheme.replace(/[+]/g, '\\+')).join('|');
      return z.string().regex(new RegExp(`^(${schemes})://\\S+$`), `must be a ${type.schemes.map((scheme) => `${scheme}://`).join(' or ')} URL`);
    }
    case 'text': {
      let text = z.string();
      if (type.minLength !== undefined) text = text.min(type.minLength);
      if (type.maxLength !== undefined) text = text.max(type.maxLength);
      if (type.pattern) text = text.regex(type.pattern, type.patternMessage);
      return text;
    }
  }
}

/** The settings table as one zod schema: each setting's type, its default when it has one. */
const settingsSchema = z.strictObject(
  Object.fromEntries(
    (SERVE_SETTINGS as readonly Setting[]).map((setting) => {
      const schema = typeSchema(setting.type);
      return [setting.key, setting.default !== undefined ? schema.default(setting.default as never) : schema.optional()];
    }),
  ),
);

const BY_KEY = new Map((SERVE_SETTINGS as readonly Setting[]).map((setting) => [setting.key, setting]));

/**
 * Validates the options (every issue reported, naming its flag, or its variable when the value
 * came from the environment), applies the environment and the defaults, creates the SQLite folder
 * and returns the frozen configuration.
 *
 * @throws ServeConfigError
 */
export function resolveServeConfig(options: ServeOptions = {}, env: Env = process.env): ServerConfig {
  const flags = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const raw: Record<string, unknown> = { ...serveOptionsFromEnv(env), ...flags };
  const sourceOf = (key: string) => (key in flags ? `--${BY_KEY.get(key)!.flag}` : BY_KEY.get(key)!.env);
  const parsed = settingsSchema.safeParse(raw, { error: validationErrorMap });
  const issues = parsed.success
    ? []
    : fieldIssues(parsed.error.issues, '').map(({ path, message }) => (BY_KEY.has(path) ? `${sourceOf(path)}: ${message}` : `unknown option ${path}`));
  const role = raw.role ?? 'all';
  if (role !== 'all' && (ROLES as readonly unknown[]).includes(role) && !raw.redisUrl) {
    issues.push(`${'role' in flags ? `--role ${role}` : `SONOCODE_ROLE=${role}`}: roles in separate processes talk through Redis; add --redis URL (or use --role all)`);
  }
  const timeouts = parsed.success ? (parsed.data as ResolvedSettings) : undefined;
  if (timeouts && timeouts.headersTimeoutMs > timeouts.requestTimeoutMs) {
    issues.push(`${sourceOf('headersTimeoutMs')}: must be at most the request timeout (${timeouts.requestTimeoutMs} ms): the headers are part of the request`);
  }
  if (!parsed.success || issues.length > 0) throw new ServeConfigError(issues);
  return Object.freeze(derive(parsed.data as ResolvedSettings));
}

/** The configuration's slices from the resolved settings. */
function derive(o: ResolvedSettings): ServerConfig {
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
  return {
    role: o.role,
    runs: Object.freeze(runs),
    ...(o.redisUrl ? { redisUrl: o.redisUrl } : {}),
    ...(o.mongoUrl ? { mongoUrl: o.mongoUrl } : {}),
    dbPath,
    port: o.port,
    host: o.host,
    // Only the api checks it; other roles never print a generated one.
    adminToken: o.adminToken ?? newToken(),
    adminTokenGenerated: o.adminToken === undefined && runs.api,
    instanceId: o.instanceId ?? newInstanceId(o.role),
    logLevel: o.logLevel,
    http: Object.freeze({ headersTimeoutMs: o.headersTimeoutMs, requestTimeoutMs: o.requestTimeoutMs }),
    api: Object.freeze({
      maxCodeBytes: o.maxCodeBytes,
      rateLimit: Object.freeze({ max: o.rateLimitMax, windowMs: o.rateLimitWindowMs }),
      runRateLimit: Object.freeze({ max: o.runRateLimitMax, windowMs: o.rateLimitWindowMs }),
      reconcile: Object.freeze({ afterMs: o.reconcileAfterMs, intervalMs: o.reconcileIntervalMs }),
    }),
    queue: Object.freeze({
      attempts: o.jobAttempts,
      backoffMs: o.jobBackoffMs,
      lockDurationMs: o.lockDurationMs,
      stalledIntervalMs: o.stalledIntervalMs,
    }),
    worker: Object.freeze({ concurrency: o.workersConcurrency, sandbox: o.sandbox }),
    socket: Object.freeze({
      heartbeatMs: o.socketHeartbeatMs,
      instanceTtlMs: o.socketHeartbeatMs * 3,
      authTimeoutMs: 10_000,
      maxFrameBytes: 64 * 1024,
    }),
  };
}

/** Redacts secrets from a URL for logs (`redis://:***@host`). */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`);
}
