import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveOptionsFromFlags } from './settings.js';
import { redactUrl, resolveServeConfig, ServeConfigError } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'sonocode-config-'));
const dbPath = join(dir, 'nested', 'sonocode.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ServeConfigError);
    return (error as ServeConfigError).issues;
  }
  throw new Error('expected a ServeConfigError');
}

describe('resolveServeConfig', () => {
  it('defaults to every role in one process on 127.0.0.1:3000, frozen', () => {
    const config = resolveServeConfig({ dbPath }, {});
    expect(config).toMatchObject({
      role: 'all',
      runs: { api: true, worker: true, socket: true },
      port: 3000,
      host: '127.0.0.1',
      dbPath,
      worker: { concurrency: 1 },
      api: { maxCodeBytes: 65536, rateLimit: { max: 30, windowMs: 60000 } },
    });
    expect(config.redisUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.api)).toBe(true);
    expect(Object.isFrozen(config.api.rateLimit)).toBe(true);
  });

  it('generates an admin token when none is given, and says so', () => {
    const config = resolveServeConfig({ dbPath }, {});
    expect(config.adminToken).toMatch(/^sono_/);
    expect(config.adminTokenGenerated).toBe(true);
    expect(resolveServeConfig({ dbPath, adminToken: 'a'.repeat(20) }, {}).adminTokenGenerated).toBe(false);
  });

  it('takes flags over SONOCODE_* environment over defaults', () => {
    const env = { SONOCODE_ADMIN_TOKEN: 'from-the-environment-123', SONOCODE_REDIS_URL: 'redis://127.0.0.1:1/0', SONOCODE_RECONCILE_AFTER_MS: '5000' };
    const fromEnv = resolveServeConfig({ dbPath }, env);
    expect(fromEnv).toMatchObject({ adminToken: 'from-the-environment-123', redisUrl: 'redis://127.0.0.1:1/0', api: { reconcile: { afterMs: 5000 } } });
    const fromFlags = resolveServeConfig({ dbPath, adminToken: 'from-the-flag-0123456' }, env);
    expect(fromFlags.adminToken).toBe('from-the-flag-0123456');
  });

  it('reports every bad option at once, each by its flag', () => {
    const issues = issuesOf(() =>
      resolveServeConfig({ dbPath, role: 'boss' as never, port: 70000, redisUrl: 'localhost:6379', workersConcurrency: 0, adminToken: 'short' }, {}),
    );
    expect(issues.map((issue) => issue.split(':')[0])).toEqual(
      expect.arrayContaining(['--role', '--port', '--redis', '--workers-concurrency', '--admin-token']),
    );
  });

  it('names a flag whose number is not a number', () => {
    const issues = issuesOf(() => resolveServeConfig({ dbPath, ...serveOptionsFromFlags({ port: 'eighty' }) }, {}));
    expect(issues[0]).toMatch(/^--port: /);
  });

  it('refuses a single role without Redis: separate processes need it', () => {
    const issues = issuesOf(() => resolveServeConfig({ dbPath, role: 'worker' }, {}));
    expect(issues[0]).toMatch(/--role worker: .*--redis/);
    expect(resolveServeConfig({ dbPath, role: 'worker', redisUrl: 'redis://127.0.0.1:6379' }, {}).runs).toEqual({ api: false, worker: true, socket: false });
  });
});

describe('serveOptionsFromFlags', () => {
  it('takes commander-style flags for the CLI', () => {
    expect(serveOptionsFromFlags({ role: 'worker', redis: 'redis://h:1', workersConcurrency: '3', adminToken: 't', port: '0', json: true })).toEqual({
      role: 'worker',
      redisUrl: 'redis://h:1',
      workersConcurrency: 3,
      adminToken: 't',
      port: 0,
    });
  });
});

describe('redactUrl', () => {
  it('bounds how long a client may take to send a request, the headers within the whole', () => {
    expect(resolveServeConfig({}, {}).http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 });
    expect(() => resolveServeConfig({ headersTimeoutMs: 5000, requestTimeoutMs: 2000 }, {})).toThrow(/--headers-timeout-ms: must be at most the request timeout/);
  });

  it('hides passwords in URLs', () => {
    expect(redactUrl('redis://:secret@host:6379/0')).toBe('redis://:***@host:6379/0');
    expect(redactUrl('mongodb://user:pw@host/db')).toBe('mongodb://user:***@host/db');
    expect(redactUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});
