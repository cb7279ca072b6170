/**
 * The web page beside the API (inject, a page folder made here): `/` is the page with its
 * Content-Security-Policy and never cached, assets are cached for good, and the API, its
 * OpenAPI document and its JSON 404 stay as they were.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { MemoryStatusBus } from './events/memory.js';
import type { HttpApp } from './http.js';
import { memoryQueues } from './queue/memory.js';
import { SqliteStore } from './store/sqlite.js';
import { PAGE_CSP } from './web.js';

const dir = mkdtempSync(join(tmpdir(), 'sonocode-web-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the web page served by the api role', () => {
  let app: HttpApp;
  let store: SqliteStore;
  const queues = memoryQueues({ attempts: 1, backoffMs: 1 });

  beforeAll(async () => {
    const page = join(dir, 'page');
    mkdirSync(join(page, 'assets'), { recursive: true });
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>sonocode</title><div id="root"></div>');
    writeFileSync(join(page, 'assets', 'index-abc123.js'), 'console.log(1)');
    store = new SqliteStore(join(dir, 'web.db'));
    await store.init();
    app = await buildApp({ store, queues, bus: new MemoryStatusBus(), adminToken: 'admin-token-for-web-tests-0123', webRoot: page });
  });
  afterAll(async () => {
    await app.close();
    await queues.close();
    await store.close();
  });

  it('serves the page at / with its Content-Security-Policy, never cached', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<div id="root">');
    expect(response.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(PAGE_CSP).toMatch(/script-src 'self'(;|$)/);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets cached for good', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('leaves the API, its documents and its JSON errors as they are', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/problems' })).json()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/openapi.json' })).json()).toMatchObject({ openapi: '3.1.0' });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const missing = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'SONO_NOT_FOUND' });
    expect((await app.inject({ method: 'GET', url: '/no-such-file.js' })).json()).toMatchObject({ code: 'SONO_NOT_FOUND' });
  });

  it('serves no page when there is none (webRoot null): / is a JSON 404', async () => {
    const bare = await buildApp({ store, queues, bus: new MemoryStatusBus(), adminToken: 'admin-token-for-web-tests-0123', webRoot: null });
    expect((await bare.inject({ method: 'GET', url: '/' })).json()).toMatchObject({ code: 'SONO_NOT_FOUND' });
    await bare.close();
  });
});
