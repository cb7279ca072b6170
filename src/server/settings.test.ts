/** The settings table is the one list of `serve`'s settings: docs, flags and variables follow it. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServeConfig, ServeConfigError } from './config.js';
import { SERVE_SETTINGS, serveOptionsFromEnv, settingsDocsTable } from './settings.js';

const docs = readFileSync(new URL('../../docs/server.md', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'sonocode-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SERVE_SETTINGS', () => {
  it('is the table of docs/server.md, row by row', () => {
    expect(docs, 'regenerate the table with settingsDocsTable()').toContain(settingsDocsTable());
  });

  it('gives every setting its own flag, key and SONOCODE_* variable', () => {
    for (const column of ['flag', 'key', 'env'] as const) {
      const values = SERVE_SETTINGS.map((setting) => setting[column]);
      expect(new Set(values).size, column).toBe(values.length);
    }
    for (const setting of SERVE_SETTINGS) expect(setting.env).toMatch(/^SONOCODE_[A-Z_]+$/);
  });

  it('keeps the flags and variables `serve` has always had, with their meaning', () => {
    const byFlag = Object.fromEntries(SERVE_SETTINGS.map((setting) => [setting.flag, setting]));
    const kept: [string, string, string][] = [
      ['redis', 'redisUrl', 'SONOCODE_REDIS_URL'],
      ['mongo', 'mongoUrl', 'SONOCODE_MONGO_URL'],
      ['db', 'dbPath', 'SONOCODE_DB'],
      ['admin-token', 'adminToken', 'SONOCODE_ADMIN_TOKEN'],
      ['log-level', 'logLevel', 'SONOCODE_LOG_LEVEL'],
      ['reconcile-after-ms', 'reconcileAfterMs', 'SONOCODE_RECONCILE_AFTER_MS'],
      ['lock-duration-ms', 'lockDurationMs', 'SONOCODE_LOCK_DURATION_MS'],
      ['stalled-interval-ms', 'stalledIntervalMs', 'SONOCODE_STALLED_INTERVAL_MS'],
    ];
    for (const [flag, key, env] of kept) expect(byFlag[flag], flag).toMatchObject({ key, env });
    for (const flag of ['role', 'port', 'host', 'workers-concurrency', 'rate-limit', 'rate-limit-window-ms', 'max-code-bytes', 'reconcile-interval-ms', 'job-attempts', 'job-backoff-ms', 'socket-heartbeat-ms', 'instance-id']) {
      expect(byFlag[flag], flag).toBeDefined();
    }
  });

  it('reads every setting from its variable', () => {
    const env = Object.fromEntries(SERVE_SETTINGS.map((setting) => [setting.env, setting.type.kind === 'integer' ? '7' : 'v']));
    expect(Object.keys(serveOptionsFromEnv(env)).sort()).toEqual(SERVE_SETTINGS.map((setting) => setting.key).sort());
    const config = resolveServeConfig({ dbPath: join(dir, 'x.db') }, { SONOCODE_PORT: '8123', SONOCODE_WORKERS_CONCURRENCY: '3', SONOCODE_INSTANCE_ID: 'api-7', SONOCODE_DB: 'ignored' });
    expect(config).toMatchObject({ port: 8123, worker: { concurrency: 3 }, instanceId: 'api-7', dbPath: join(dir, 'x.db') });
  });

  it('names the variable, not the flag, when the bad value came from the environment', () => {
    try {
      resolveServeConfig({ dbPath: join(dir, 'x.db') }, { SONOCODE_PORT: 'eighty', SONOCODE_ROLE: 'boss' });
      throw new Error('expected a ServeConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ServeConfigError);
      expect((error as ServeConfigError).issues).toEqual([
        'SONOCODE_ROLE: must be one of api, worker, socket, all, got a string ("boss")',
        'SONOCODE_PORT: expected a number, got a string ("eighty")',
      ]);
    }
  });
});
