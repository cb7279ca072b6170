/**
 * The api role through `inject()` (no listening, no worker, no Redis): validation that names the
 * field, tokens (401/403), hidden tests never in a response, users kept to their own submissions,
 * rate limits, draining, health, metrics and OpenAPI — plus the evaluation consumer and the
 * reconciler — over the real in-process queues and a real SQLite store in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JudgeResult } from '../judge/result.js';
import { buildApp } from './app.js';
import { MemoryStatusBus } from './events/memory.js';
import type { RoutedStatus } from './events/types.js';
import type { HttpApp, ServerState } from './http.js';
import { createLogger } from './logger.js';
import { ServerMetrics } from './metrics.js';
import { memoryQueues } from './queue/memory.js';
import type { Queues } from './queue/types.js';
import { Reconciler, startEvaluationConsumer } from './roles/api.js';
import { SqliteStore } from './store/sqlite.js';

/** Every store of this file lives here (one SQLite file per app). */
const dir = mkdtempSync(join(tmpdir(), 'sonocode-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Polls `check` until it is true; fails naming `what` after `timeoutMs`. */
async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const ADMIN = 'admin-token-for-tests-0123456789';
const admin = { authorization: `Bearer ${ADMIN}` };
const HIDDEN_INPUT = 'hidden-input-7d1f';
const HIDDEN_OUTPUT = 'hidden-output-93ac';

const sumDocument = {
  title: 'Sum of two',
  slug: 'sum-two',
  difficulty: 'easy',
  testCases: [
    { input: '1 2\n', output: '3\n', sample: true },
    { name: 'big', input: `${HIDDEN_INPUT}\n`, output: `${HIDDEN_OUTPUT}\n` },
  ],
  codeStubs: [{ language: 'python', startSnippet: '# judge harness\n', userSnippet: 'def solve(a, b):\n    pass\n', endSnippet: '# end\n' }],
};

describe('api (inject)', () => {
  let store: SqliteStore;
  let queues: Queues;
  let bus: MemoryStatusBus;
  let metrics: ServerMetrics;
  let app: HttpApp;
  const state: ServerState = { draining: false };
  let ann: { id: string; token: string };
  let bob: { id: string; token: string };
  let problemId: string;
  const published: RoutedStatus[] = [];

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const submit = (token: string, payload: unknown) =>
    app.inject({ method: 'POST', url: '/api/v1/submissions', headers: as(token), payload: payload as object });

  beforeAll(async () => {
    store = new SqliteStore(join(dir, 'api.db'));
    await store.init();
    queues = memoryQueues({ attempts: 3, backoffMs: 10 });
    bus = new MemoryStatusBus();
    metrics = new ServerMetrics(queues);
    // a socket instance on the bus that records everything routed to ann and bob
    const route = await bus.join('recorder', (routed) => published.push(routed));
    app = await buildApp({ store, queues, bus, adminToken: ADMIN, state, metrics, limits: { maxCodeBytes: 1024, rateLimit: { max: 1000, windowMs: 60_000 } } });
    const created = await app.inject({ method: 'POST', url: '/api/v1/problems', headers: admin, payload: sumDocument });
    expect(created.statusCode).toBe(201);
    problemId = created.json().id;
    for (const name of ['ann', 'bob']) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name } });
      expect(response.statusCode).toBe(201);
      const user = response.json();
      await route.addUser(user.id);
      if (name === 'ann') ann = user;
      else bob = user;
    }
  });

  afterAll(async () => {
    await app?.close();
    await queues?.close();
    await store?.close();
  });

  describe('bodies', () => {
    it.each([
      ['a wrong type', { problemId: 'sum-two', language: 42, code: 'print(3)' }, 'body.language', 'expected a string, got a number (42)'],
      ['a missing field', { problemId: 'sum-two', code: 'print(3)' }, 'body.language', 'is required'],
      ['a missing code', { problemId: 'sum-two', language: 'python' }, 'body.code', 'is required'],
      ['an empty code', { problemId: 'sum-two', language: 'python', code: '' }, 'body.code', 'must not be empty'],
      ['an unknown field', { problemId: 'sum-two', language: 'python', code: 'x', userId: 'me' }, 'body.userId', 'is not a known field'],
      ['code as a list', { problemId: 'sum-two', language: 'python', code: ['print(3)'] }, 'body.code', 'expected a string, got a list'],
    ])('%s → 400 naming the field', async (_what, payload, field, message) => {
      const response = await submit(ann.token, payload);
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body.code).toBe('SONO_VALIDATION');
      expect(body.message).toContain(field);
      expect(body.issues).toContainEqual({ path: field, message });
    });

    it('code over the limit → 413 naming body.code', async () => {
      const response = await submit(ann.token, { problemId: 'sum-two', language: 'python', code: 'x'.repeat(2000) });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ code: 'SONO_PAYLOAD_TOO_LARGE', issues: [{ path: 'body.code' }] });
    });

    it('a body far over any limit → 413, not a crash', async () => {
      const response = await submit(ann.token, { problemId: 'sum-two', language: 'python', code: 'x'.repeat(2 * 1024 * 1024) });
      expect(response.statusCode).toBe(413);
      expect(response.json().code).toBe('SONO_PAYLOAD_TOO_LARGE');
    });

    it('an unknown problem → 422 naming body.problemId', async () => {
      const response = await submit(ann.token, { problemId: 'no-such-problem', language: 'python', code: 'print(3)' });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ code: 'SONO_UNKNOWN_PROBLEM', issues: [{ path: 'body.problemId' }] });
    });

    it('an unknown language → 422 naming body.language and the known ones', async () => {
      const response = await submit(ann.token, { problemId: 'sum-two', language: 'cobol', code: 'DISPLAY 3' });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ code: 'SONO_UNKNOWN_LANGUAGE', issues: [{ path: 'body.language' }] });
      expect(response.json().message).toContain('python');
      const typo = await submit(ann.token, { problemId: 'sum-two', language: 'pyhton', code: 'print(3)' });
      expect(typo.json().message).toMatch(/unknown language "pyhton" \(did you mean "python"\?\)/);
    });

    it('bad JSON, no body and another media type → 4xx with a code, never a stack trace', async () => {
      const cases = [
        { payload: '{"problemId": ', headers: { 'content-type': 'application/json' }, status: 400, code: 'SONO_BAD_JSON' },
        { payload: '', headers: { 'content-type': 'application/json' }, status: 400, code: 'SONO_BAD_JSON' },
        { payload: 'problemId=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'SONO_UNSUPPORTED_MEDIA_TYPE' },
        { payload: '[1, 2, 3]', headers: { 'content-type': 'application/json' }, status: 400, code: 'SONO_VALIDATION' },
      ];
      for (const { payload, headers, status, code } of cases) {
        const response = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: { ...as(ann.token), ...headers }, payload });
        expect(response.statusCode, payload).toBe(status);
        expect(response.json().code, payload).toBe(code);
        expect(response.body).not.toMatch(/\bat .*\.(js|ts):\d+/);
      }
    });

    it('a body that is not UTF-8, declared or in fact, and a text body → 415 naming where', async () => {
      const json = JSON.stringify({ problemId: 'sum-two', language: 'python', code: 'print(3)' });
      const cases = [
        { payload: Buffer.from(json, 'utf16le'), type: 'application/json; charset=utf-16', where: 'headers.content-type' },
        { payload: json, type: 'application/json; charset="ISO-8859-1"', where: 'headers.content-type' },
        { payload: Buffer.concat([Buffer.from(json.slice(0, -2)), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), type: 'application/json', where: 'body' },
        { payload: json, type: 'text/plain', where: 'body' },
      ];
      for (const { payload, type, where } of cases) {
        const response = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: { ...as(ann.token), 'content-type': type }, payload });
        expect(response.statusCode, type).toBe(415);
        expect(response.json().code, type).toBe('SONO_UNSUPPORTED_MEDIA_TYPE');
        expect(response.json().message, type).toMatch(new RegExp(`^${where.replace('.', '\\.')}: `));
      }
      const utf8 = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers: { ...as(ann.token), 'content-type': 'application/json; charset=UTF-8' }, payload: json });
      expect(utf8.statusCode).toBe(202);
    });

    it('a problem document is validated like a YAML file: every issue, each naming its field', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/problems',
        headers: admin,
        payload: { title: 7, testCases: [{ input: '1' }, { inputFile: 'a.in', outputFile: 'a.out' }], limits: { timeLimitMs: -1 }, titel: 'x' },
      });
      expect(response.statusCode).toBe(400);
      const paths = response.json().issues.map((issue: { path: string }) => issue.path);
      expect(paths).toEqual(
        expect.arrayContaining(['body.title', 'body.testCases[0].output', 'body.testCases[1].inputFile', 'body.limits.timeLimitMs', 'body.titel']),
      );
      expect(response.json().message).toContain('did you mean "title"');
    });

    it('a slug that is taken → 409', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/problems', headers: admin, payload: sumDocument });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'SONO_CONFLICT', issues: [{ path: 'body.slug' }] });
    });

    it('a wrong query → 400 naming querystring.limit; an unknown route → 404', async () => {
      const query = await app.inject({ method: 'GET', url: '/api/v1/problems?limit=lots' });
      expect(query.statusCode).toBe(400);
      expect(query.json().issues[0].path).toBe('querystring.limit');
      // docs/api.md: limit is 1–500; what is outside is refused saying so, not served another way
      for (const limit of ['0', '501', '10000']) {
        const refused = await app.inject({ method: 'GET', url: `/api/v1/problems?limit=${limit}` });
        expect([refused.statusCode, refused.json().issues]).toEqual([400, [{ path: 'querystring.limit', message: 'a whole number from 1 to 500' }]]);
      }
      for (const limit of ['1', '50', '500']) expect((await app.inject({ method: 'GET', url: `/api/v1/problems?limit=${limit}` })).statusCode).toBe(200);
      const route = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
      expect(route.statusCode).toBe(404);
      expect(route.json().code).toBe('SONO_NOT_FOUND');
    });
  });

  describe('tokens', () => {
    it('missing or unknown → 401; another scheme → 401', async () => {
      const body = { problemId: 'sum-two', language: 'python', code: 'print(3)' };
      for (const headers of [{}, as('not-a-token'), { authorization: 'Basic YWRtaW46YWRtaW4=' }, as(`${ADMIN}x`)]) {
        const response = await app.inject({ method: 'POST', url: '/api/v1/submissions', headers, payload: body });
        expect(response.statusCode).toBe(401);
        expect(response.json().code).toBe('SONO_UNAUTHORIZED');
      }
      const users = await app.inject({ method: 'POST', url: '/api/v1/users', payload: { name: 'eve' } });
      expect(users.statusCode).toBe(401);
    });

    it('is checked before the body: no token and a bad body → 401', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/submissions', payload: { nonsense: true } });
      expect(response.statusCode).toBe(401);
    });

    it('a user on an admin route → 403; the admin submitting → 403', async () => {
      const routes = [
        { method: 'POST', url: '/api/v1/users', payload: { name: 'eve' } },
        { method: 'POST', url: '/api/v1/problems', payload: sumDocument },
        { method: 'PUT', url: `/api/v1/problems/${problemId}`, payload: sumDocument },
        { method: 'DELETE', url: `/api/v1/problems/${problemId}` },
      ] as const;
      for (const route of routes) {
        const response = await app.inject({ ...route, headers: as(ann.token) });
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
        expect(response.json().code).toBe('SONO_FORBIDDEN');
      }
      const adminSubmits = await submit(ADMIN, { problemId: 'sum-two', language: 'python', code: 'print(3)' });
      expect(adminSubmits.statusCode).toBe(403);
    });

    it('whoami tells the admin from a user, and refuses no known token (the page asks it at sign-in)', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/v1/whoami', headers: admin })).json()).toEqual({ role: 'admin' });
      expect((await app.inject({ method: 'GET', url: '/api/v1/whoami', headers: as(ann.token) })).json()).toEqual({ role: 'user', id: ann.id, name: 'ann' });
      expect((await app.inject({ method: 'GET', url: '/api/v1/whoami', headers: as('not-a-token') })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/v1/whoami' })).statusCode).toBe(401);
    });

    it('the raw token is never stored', async () => {
      const raw = JSON.stringify(await store.getUserByTokenHash('x'));
      expect(raw).toBe('null');
      const found = await store.getUser(ann.id);
      expect(JSON.stringify(found)).not.toContain(ann.token);
    });
  });

  describe('hidden tests', () => {
    it('never leave the server for non-admins: one problem, the list, anonymous or user', async () => {
      for (const headers of [{}, as(ann.token)]) {
        for (const url of [`/api/v1/problems/${problemId}`, '/api/v1/problems/sum-two', '/api/v1/problems']) {
          const response = await app.inject({ method: 'GET', url, headers });
          expect(response.statusCode).toBe(200);
          expect(response.body).not.toContain(HIDDEN_INPUT);
          expect(response.body).not.toContain(HIDDEN_OUTPUT);
          expect(response.body).not.toContain('judge harness');
        }
      }
      const one = (await app.inject({ method: 'GET', url: '/api/v1/problems/sum-two', headers: as(ann.token) })).json();
      expect(one.testCases).toEqual([{ name: 'sample-1', sample: true, input: '1 2\n', output: '3\n' }]);
      expect(one.testNames).toEqual([
        { name: 'sample-1', sample: true },
        { name: 'big', sample: false },
      ]);
      expect(one.codeStubs).toEqual([{ language: 'python', userSnippet: 'def solve(a, b):\n    pass\n' }]);
    });

    it('are all there for the admin', async () => {
      const response = await app.inject({ method: 'GET', url: `/api/v1/problems/${problemId}`, headers: admin });
      expect(response.body).toContain(HIDDEN_INPUT);
      expect(response.json().testCount).toBe(2);
    });

    it("never show in a result or its progress: a hidden test's message and exit code are dropped for its owner", async () => {
      const accepted = await submit(ann.token, { problemId: 'sum-two', language: 'python', code: 'print(3)' });
      const id = accepted.json().id;
      const hiddenWA = { name: 'big', verdict: 'WA', timeMs: 1, wallMs: 1, memoryKb: 1, sample: false, exitCode: 104, message: `expected "${HIDDEN_OUTPUT}", got "3"` } as const;
      await store.updateProgress(id, 'running', { rank: 6, tests: [{ index: 1, total: 2, ...hiddenWA }] });
      const sampleAC = { name: 'sample-1', verdict: 'AC', timeMs: 1, wallMs: 1, memoryKb: 1, sample: true } as const;
      const result: JudgeResult = { verdict: 'WA', language: 'python', problem: 'sum-two', compile: { ok: true, timeMs: 1, output: '' }, tests: [sampleAC, hiddenWA], timeMs: 1, memoryKb: 1 };
      expect(await store.finish(id, result)).toBe(true);
      const mine = await app.inject({ method: 'GET', url: `/api/v1/submissions/${id}`, headers: as(ann.token) });
      expect(mine.json().result.verdict).toBe('WA');
      expect(mine.body).not.toContain(HIDDEN_OUTPUT);
      expect(mine.json().result.tests[1]).toEqual({ name: 'big', verdict: 'WA', timeMs: 1, wallMs: 1, memoryKb: 1, sample: false });
      expect(mine.json().progress.tests[0]).not.toHaveProperty('exitCode');
      const adminView = await app.inject({ method: 'GET', url: `/api/v1/submissions/${id}`, headers: admin });
      expect(adminView.body).toContain(HIDDEN_OUTPUT);
      expect(adminView.json().progress.tests[0].exitCode).toBe(104);
    });
  });

  describe('submissions', () => {
    it('are stored pending before they are queued, and answered 202', async () => {
      const response = await submit(bob.token, { problemId: problemId, language: 'python', code: 'print(3)' });
      expect(response.statusCode).toBe(202);
      const { id, status } = response.json();
      expect(status).toBe('pending');
      expect((await store.getSubmission(id))?.status).toBe('pending');
      expect(await queues.submissions.state(id)).toBe('waiting');
      expect(published).toContainEqual({ userId: bob.id, message: { type: 'status', submissionId: id, status: 'pending', event: 'queued' } });
    });

    it("a user cannot read or list another's submission", async () => {
      const bobs = (await submit(bob.token, { problemId: 'sum-two', language: 'python', code: 'print(3)' })).json().id;
      const read = await app.inject({ method: 'GET', url: `/api/v1/submissions/${bobs}`, headers: as(ann.token) });
      expect(read.statusCode).toBe(404);
      expect(read.body).not.toContain('print(3)');
      const list = await app.inject({ method: 'GET', url: `/api/v1/submissions?userId=${bob.id}`, headers: as(ann.token) });
      expect(list.statusCode).toBe(403);
      const own = (await app.inject({ method: 'GET', url: '/api/v1/submissions', headers: as(ann.token) })).json();
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((item: { userId: string }) => item.userId === ann.id)).toBe(true);
      const byProblem = (await app.inject({ method: 'GET', url: '/api/v1/submissions?problemId=sum-two', headers: as(bob.token) })).json();
      expect(byProblem.every((item: { userId: string }) => item.userId === bob.id)).toBe(true);
      const everyone = (await app.inject({ method: 'GET', url: '/api/v1/submissions?limit=500', headers: admin })).json();
      expect(new Set(everyone.map((item: { userId: string }) => item.userId))).toEqual(new Set([ann.id, bob.id]));
    });

    it('are rate limited per user: the sixth in a window → 429 with retry-after, others unaffected, refused ones not counted', async () => {
      const store2 = new SqliteStore(join(dir, 'rate.db'));
      await store2.init();
      const queues2 = memoryQueues({ attempts: 1, backoffMs: 10 });
      const limited = await buildApp({ store: store2, queues: queues2, bus, adminToken: ADMIN, limits: { rateLimit: { max: 5, windowMs: 60_000 } } });
      try {
        await limited.inject({ method: 'POST', url: '/api/v1/problems', headers: admin, payload: sumDocument });
        const tokens = [];
        for (const name of ['fast', 'calm']) tokens.push((await limited.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name } })).json().token);
        const post = (token: string) =>
          limited.inject({ method: 'POST', url: '/api/v1/submissions', headers: as(token), payload: { problemId: 'sum-two', language: 'python', code: 'print(3)' } });
        for (let i = 0; i < 5; i++) expect((await post(tokens[0])).statusCode).toBe(202);
        const sixth = await post(tokens[0]);
        expect(sixth.statusCode).toBe(429);
        expect(sixth.json().code).toBe('SONO_RATE_LIMITED');
        expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
        expect((await post(tokens[1])).statusCode).toBe(202);
        // refused submissions do not count: the second user still has four left after any number of them
        for (const payload of [{ problemId: 'no-such', language: 'python', code: 'x' }, { problemId: 'sum-two', language: 'cobol', code: 'x' }, { problemId: 'sum-two', language: 'python', code: 'x'.repeat(70_000) }]) {
          for (let i = 0; i < 3; i++) {
            const refused = await limited.inject({ method: 'POST', url: '/api/v1/submissions', headers: as(tokens[1]), payload });
            expect([413, 422]).toContain(refused.statusCode);
          }
        }
        for (let i = 0; i < 4; i++) expect((await post(tokens[1])).statusCode).toBe(202);
        expect((await post(tokens[1])).statusCode).toBe(429);
      } finally {
        await limited.close();
        await queues2.close();
        await store2.close();
      }
    });
  });

  describe('results (the evaluation consumer)', () => {
    it('stores a verdict exactly once and announces it once, even when it arrives twice', async () => {
      const id = (await submit(ann.token, { problemId: 'sum-two', language: 'python', code: 'print(3)' })).json().id;
      const consumer = startEvaluationConsumer({ store, queues, bus, metrics, logger: createLogger('silent') });
      try {
        const ac: JudgeResult = { verdict: 'AC', language: 'python', problem: 'sum-two', compile: { ok: true, timeMs: 1, output: '' }, tests: [], timeMs: 1, memoryKb: 1 };
        await queues.evaluations.add(id, { submissionId: id, userId: ann.id, result: ac, judgeMs: 500, attempt: 1, workerId: 'w1' });
        await waitFor(async () => (await store.getSubmission(id))?.status === 'done', 'the result to be stored', 10_000);
        await queues.evaluations.add(`${id}`, { submissionId: id, userId: ann.id, result: { ...ac, verdict: 'WA' }, judgeMs: 500, attempt: 2, workerId: 'w2' });
        await waitFor(async () => (await queues.evaluations.counts()).active === 0 && (await queues.evaluations.state(id)) === 'missing', 'the duplicate to be consumed', 10_000);
        expect((await store.getSubmission(id))?.verdict).toBe('AC');
        const done = published.filter((routed) => routed.message.type === 'status' && routed.message.submissionId === id && routed.message.status === 'done');
        expect(done).toHaveLength(1);
        expect(done[0]).toMatchObject({ userId: ann.id, message: { event: 'finished', verdict: 'AC' } });
        const scrape = (await app.inject({ method: 'GET', url: '/metrics' })).body;
        expect(scrape).toMatch(/sonocode_submissions_total\{verdict="AC"\} 1/);
        expect(scrape).toMatch(/sonocode_judge_duration_seconds_count\{verdict="AC"\} 1/);
        expect(scrape).toMatch(/sonocode_queue_depth\{queue="submissions",state="waiting"\} \d+/);
      } finally {
        await consumer.close();
      }
    });
  });

  describe('the reconciler', () => {
    it('queues again a submission that is open and has no job, and leaves a queued one alone', async () => {
      const lost = await store.createSubmission({ userId: ann.id, problemId, language: 'python', code: 'print(3)' });
      const queued = (await submit(ann.token, { problemId: 'sum-two', language: 'python', code: 'print(3)' })).json().id;
      expect(await queues.submissions.state(lost.id)).toBe('missing');
      const reconciler = new Reconciler({ store, queues, logger: createLogger('silent'), afterMs: 0, intervalMs: 60_000 });
      const before = (await queues.submissions.counts()).waiting;
      const requeued = await reconciler.pass(0);
      expect(await queues.submissions.state(lost.id)).toBe('waiting');
      expect(await queues.submissions.state(queued)).toBe('waiting');
      expect((await queues.submissions.counts()).waiting).toBe(before + requeued);
      expect(await reconciler.pass(0)).toBe(0);
    });
  });

  describe('operations', () => {
    it('/health is 200 when the store answers, 503 when draining', async () => {
      const ok = await app.inject({ method: 'GET', url: '/health' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'ok', checks: { store: 'ok' } });
      state.draining = true;
      try {
        const draining = await app.inject({ method: 'GET', url: '/health' });
        expect(draining.statusCode).toBe(503);
        const refused = await submit(ann.token, { problemId: 'sum-two', language: 'python', code: 'print(3)' });
        expect(refused.statusCode).toBe(503);
        expect(refused.json().code).toBe('SONO_UNAVAILABLE');
      } finally {
        state.draining = false;
      }
    });

    it('/health is 503 naming the store when the store is down', async () => {
      const broken = new SqliteStore(join(dir, 'down.db'));
      await broken.init();
      const downApp = await buildApp({ store: broken, queues, bus, adminToken: ADMIN });
      try {
        await broken.close();
        const response = await downApp.inject({ method: 'GET', url: '/health' });
        expect(response.statusCode).toBe(503);
        expect(response.json().status).toBe('degraded');
        expect(response.json().checks.store).not.toBe('ok');
        const submission = await downApp.inject({ method: 'GET', url: '/api/v1/problems' });
        expect(submission.statusCode).toBe(500);
        expect(submission.json()).toEqual({ code: 'SONO_INTERNAL', message: 'internal error (logged on the server)' });
      } finally {
        await downApp.close();
      }
    });

    it('serves an OpenAPI document with every route and a docs page', async () => {
      const openapi = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
      expect(openapi.openapi).toBe('3.1.0');
      for (const path of ['/api/v1/problems', '/api/v1/problems/{id}', '/api/v1/users', '/api/v1/submissions', '/api/v1/submissions/{id}', '/health', '/metrics']) {
        expect(openapi.paths, path).toHaveProperty([path]);
      }
      expect(openapi.paths['/api/v1/submissions'].post.requestBody.content['application/json'].schema.required).toEqual(['problemId', 'language', 'code']);
      const docs = await app.inject({ method: 'GET', url: '/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toContain('text/html');
    });

    it('problems are replaced and deleted by the admin, by id or slug', async () => {
      const created = (await app.inject({ method: 'POST', url: '/api/v1/problems', headers: admin, payload: { ...sumDocument, slug: 'temp' } })).json();
      const replaced = await app.inject({ method: 'PUT', url: '/api/v1/problems/temp', headers: admin, payload: { ...sumDocument, slug: 'temp', title: 'Renamed' } });
      expect(replaced.statusCode).toBe(200);
      expect(replaced.json()).toMatchObject({ id: created.id, title: 'Renamed' });
      expect((await app.inject({ method: 'DELETE', url: `/api/v1/problems/${created.id}`, headers: admin })).statusCode).toBe(204);
      expect((await app.inject({ method: 'GET', url: '/api/v1/problems/temp' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'DELETE', url: '/api/v1/problems/temp', headers: admin })).statusCode).toBe(404);
    });
  });
});
