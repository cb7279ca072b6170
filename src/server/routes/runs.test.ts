/**
 * The Run API through `inject()` over a real SQLite store, the in-process queues and bus and the
 * run board (no worker: what the worker does is src/server/runs/judge.test.ts): validation naming
 * the field, tokens, the pending run queued and announced but no submission stored, runs kept to
 * their owner, a rate limit of their own, and nothing of a hidden test in any answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunView } from '../../protocol/index.js';
import { buildApp } from '../app.js';
import { MemoryStatusBus } from '../events/memory.js';
import type { RoutedStatus } from '../events/types.js';
import type { HttpApp } from '../http.js';
import { memoryQueues } from '../queue/memory.js';
import type { Queues } from '../queue/types.js';
import { MemoryRunBoard } from '../runs/board.js';
import { SqliteStore } from '../store/sqlite.js';

const ADMIN = 'admin-token-for-run-tests-0123456789';
const HIDDEN_INPUT = 'hidden-input-a41c';
const HIDDEN_OUTPUT = 'hidden-output-77e0';
const dir = mkdtempSync(join(tmpdir(), 'sonocode-runs-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const as = (token: string) => ({ authorization: `Bearer ${token}` });

describe('POST /api/v1/runs and GET /api/v1/runs/:id', () => {
  let store: SqliteStore;
  let queues: Queues;
  let app: HttpApp;
  let ann: { id: string; token: string };
  let bob: { id: string; token: string };
  const board = new MemoryRunBoard();
  const routed: RoutedStatus[] = [];
  const post = (token: string, payload: object) => app.inject({ method: 'POST', url: '/api/v1/runs', headers: as(token), payload });

  beforeAll(async () => {
    store = new SqliteStore(join(dir, 'runs.db'));
    await store.init();
    // no consumer: runs stay queued, so that each test sees what the api alone did
    queues = memoryQueues({ attempts: 1, backoffMs: 10 });
    const bus = new MemoryStatusBus();
    const route = await bus.join('recorder', (message) => routed.push(message));
    app = await buildApp({
      store,
      queues,
      bus,
      runBoard: board,
      adminToken: ADMIN,
      limits: { maxCodeBytes: 1024, rateLimit: { max: 1000, windowMs: 60_000 }, runRateLimit: { max: 1000, windowMs: 60_000 } },
    });
    for (const document of [
      {
        title: 'Sum',
        slug: 'sum',
        testCases: [
          { input: '1 2\n', output: '3\n', sample: true },
          { input: `${HIDDEN_INPUT}\n`, output: `${HIDDEN_OUTPUT}\n` },
        ],
      },
      { title: 'No samples', slug: 'no-samples', testCases: [{ input: `${HIDDEN_INPUT}\n`, output: `${HIDDEN_OUTPUT}\n` }] },
    ]) {
      expect((await app.inject({ method: 'POST', url: '/api/v1/problems', headers: as(ADMIN), payload: document })).statusCode).toBe(201);
    }
    const user = async (name: string) => (await app.inject({ method: 'POST', url: '/api/v1/users', headers: as(ADMIN), payload: { name } })).json();
    ann = await user('ann');
    bob = await user('bob');
    await route.addUser(ann.id);
  });
  afterAll(async () => {
    await app.close();
    await queues.close();
    await store.close();
  });

  it('answers 202 with the pending run, queues it ahead of nothing stored, and tells the user', async () => {
    const response = await post(ann.token, { problemId: 'sum', language: 'python', code: 'print(3)' });
    expect(response.statusCode).toBe(202);
    const view = response.json<RunView>();
    const problem = await store.getProblemRef('sum');
    expect(view).toMatchObject({ problemId: problem!.id, language: 'python', mode: 'samples', status: 'pending', version: 0, sampleCount: 1, samples: [] });
    expect(await queues.runs.state(view.id)).toBe('waiting');
    expect(await store.listSubmissions({})).toEqual([]);
    expect(routed.at(-1)).toEqual({ userId: ann.id, message: { type: 'run', run: view } });
    expect((await board.get(view.id))?.view).toEqual(view);
  });

  it('takes an input instead of the samples, even for a problem without samples', async () => {
    const response = await post(ann.token, { problemId: 'no-samples', language: 'c', code: 'int main(){}', input: '4 5\n' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ mode: 'input', input: '4 5\n', sampleCount: 0 });
  });

  it.each([
    ['no code', { problemId: 'sum', language: 'python' }, 400, 'SONO_VALIDATION', 'body.code'],
    ['an unknown key', { problemId: 'sum', language: 'python', code: 'x', stdin: '1' }, 400, 'SONO_VALIDATION', 'body'],
    ['an input that is not text', { problemId: 'sum', language: 'python', code: 'x', input: 5 }, 400, 'SONO_VALIDATION', 'body.input'],
    ['an unknown language', { problemId: 'sum', language: 'cobol', code: 'x' }, 422, 'SONO_UNKNOWN_LANGUAGE', 'body.language'],
    ['an unknown problem', { problemId: 'nope', language: 'python', code: 'x' }, 422, 'SONO_UNKNOWN_PROBLEM', 'body.problemId'],
    ['code over the limit', { problemId: 'sum', language: 'python', code: 'x'.repeat(1025) }, 413, 'SONO_PAYLOAD_TOO_LARGE', 'body.code'],
    ['an input over 1 MiB', { problemId: 'sum', language: 'python', code: 'x', input: 'x'.repeat(1024 * 1024 + 1) }, 413, 'SONO_PAYLOAD_TOO_LARGE', 'body.input'],
    ['no input for a problem without samples', { problemId: 'no-samples', language: 'python', code: 'x' }, 400, 'SONO_VALIDATION', 'body.input'],
  ])('refuses %s, naming the field, and queues nothing', async (_name, payload, status, code, path) => {
    const before = (await queues.runs.counts()).waiting;
    const response = await post(ann.token, payload);
    expect(response.statusCode).toBe(status);
    const body = response.json();
    expect(body.code).toBe(code);
    expect(JSON.stringify(body.issues ?? body.message)).toContain(path);
    expect((await queues.runs.counts()).waiting).toBe(before);
  });

  it('needs a user token: none is 401, the admin is 403', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/runs', payload: { problemId: 'sum', language: 'python', code: 'x' } })).statusCode).toBe(401);
    expect((await post(ADMIN, { problemId: 'sum', language: 'python', code: 'x' })).statusCode).toBe(403);
  });

  it("shows a run to its owner and the admin; someone else's is 404", async () => {
    const { id } = (await post(ann.token, { problemId: 'sum', language: 'python', code: 'print(3)' })).json<RunView>();
    const get = (token: string) => app.inject({ method: 'GET', url: `/api/v1/runs/${id}`, headers: as(token) });
    expect((await get(ann.token)).json()).toMatchObject({ id, status: 'pending' });
    expect((await get(ADMIN)).statusCode).toBe(200);
    expect((await get(bob.token)).json()).toMatchObject({ code: 'SONO_NOT_FOUND' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/runs/000000000000000000000000', headers: as(ann.token) })).statusCode).toBe(404);
  });

  it('never answers with anything of a hidden test', async () => {
    const posted = await post(ann.token, { problemId: 'sum', language: 'python', code: 'print(3)' });
    const got = await app.inject({ method: 'GET', url: `/api/v1/runs/${posted.json().id}`, headers: as(ann.token) });
    for (const text of [posted.body, got.body, JSON.stringify(routed)]) {
      expect(text).not.toContain(HIDDEN_INPUT);
      expect(text).not.toContain(HIDDEN_OUTPUT);
    }
  });

  it('limits runs per user, apart from submissions: then 429 with retry-after', async () => {
    const limited = await buildApp({
      store,
      queues,
      bus: new MemoryStatusBus(),
      adminToken: ADMIN,
      limits: { rateLimit: { max: 5, windowMs: 60_000 }, runRateLimit: { max: 2, windowMs: 60_000 } },
    });
    const run = () => limited.inject({ method: 'POST', url: '/api/v1/runs', headers: as(bob.token), payload: { problemId: 'sum', language: 'python', code: 'x' } });
    expect((await run()).statusCode).toBe(202);
    expect((await run()).statusCode).toBe(202);
    const refused = await run();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'SONO_RATE_LIMITED', message: expect.stringMatching(/^too many runs/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // another user, and bob's submissions, are counted apart
    expect((await limited.inject({ method: 'POST', url: '/api/v1/runs', headers: as(ann.token), payload: { problemId: 'sum', language: 'python', code: 'x' } })).statusCode).toBe(202);
    const submitted = await limited.inject({ method: 'POST', url: '/api/v1/submissions', headers: as(bob.token), payload: { problemId: 'sum', language: 'python', code: 'x' } });
    expect(submitted.statusCode).toBe(202);
    await limited.close();
  });
});
