/**
 * The embedded default end to end: runServe with no Redis and no MongoDB — every role in one
 * process, SQLite, the in-process queue and bus — judging real submissions in the Docker sandbox,
 * with live status over the WebSocket.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JudgeEvent } from '../../../src/judge/events.js';
import { SonocodeClient } from '../../../src/client/index.js';
import { runServe, type RunningServer } from '../../../src/server/main.js';
import type { StatusMessage } from '../../../src/protocol/index.js';
import { SqliteStore } from '../../../src/server/store/sqlite.js';
import { openSocket, orderProblem, tempDir, waitFor, type RecordingSocket } from './helpers.js';

const ADMIN = 'embedded-admin-token-0123456789';
const HIDDEN_OUTPUT = '2000000000';

const problem = {
  title: 'Sum',
  slug: 'sum',
  limits: { timeLimitMs: 2000, memoryLimitMb: 128 },
  testCases: [
    { input: '1 2\n', output: '3\n', sample: true },
    { input: '-5 5\n', output: '0\n' },
    { input: '1000000000 1000000000\n', output: `${HIDDEN_OUTPUT}\n` },
  ],
};

const programs = {
  pythonAC: { language: 'python', code: 'a, b = map(int, input().split())\nprint(a + b)\n' },
  cWA: { language: 'c', code: '#include <stdio.h>\nint main(){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a-b);}\n' },
  pythonWAhidden: { language: 'python', code: 'a, b = map(int, input().split())\nprint(a + b if a < 100 else 0)\n' },
  slowAC: { language: 'python', code: 'import time\na, b = map(int, input().split())\ntime.sleep(0.4)\nprint(a + b)\n' },
};

async function api<T = Record<string, unknown>>(url: string, token: string, method = 'GET', body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe('embedded default (runServe with no flags but a port and a db)', () => {
  const dir = tempDir('embedded');
  const dbPath = join(dir.path, 'sonocode.db');
  let server: RunningServer;
  let ann: { id: string; token: string };
  let bob: { id: string; token: string };
  const sockets: RecordingSocket[] = [];

  const submit = async (token: string, program: { language: string; code: string }) => {
    const response = await api<{ id: string; status: string }>(`${server.url}/api/v1/submissions`, token, 'POST', { problemId: 'sum', ...program });
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('pending');
    return response.body.id;
  };
  const socket = async (token?: string) => {
    const opened = await openSocket(server.socketUrl!, token);
    sockets.push(opened);
    return opened;
  };

  beforeAll(async () => {
    server = await runServe({ port: 0, dbPath, adminToken: ADMIN, logLevel: 'silent' }, undefined, { env: {} });
    expect(server.role).toBe('all');
    expect(server.socketUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    ann = (await api<{ id: string; token: string }>(`${server.url}/api/v1/users`, ADMIN, 'POST', { name: 'ann' })).body;
    bob = (await api<{ id: string; token: string }>(`${server.url}/api/v1/users`, ADMIN, 'POST', { name: 'bob' })).body;
    expect((await api(`${server.url}/api/v1/problems`, ADMIN, 'POST', problem)).status).toBe(201);
  });

  afterAll(async () => {
    for (const opened of sockets) opened.close();
    await server?.close();
    dir.remove();
  });

  it('judges AC and WA submissions; the WebSocket shows pending → compiling → running (test i/n) → done, in order', async () => {
    const annSocket = await socket(ann.token);
    const bobSocket = await socket(bob.token);
    await annSocket.next((frame) => frame.type === 'ready');
    await bobSocket.next((frame) => frame.type === 'ready');

    const ac = await submit(ann.token, programs.pythonAC);
    const wa = await submit(ann.token, programs.cWA);
    for (const id of [ac, wa]) await annSocket.next((frame) => frame.type === 'status' && frame.submissionId === id && frame.status === 'done', 60_000);

    const of = (id: string) => annSocket.statuses().filter((message) => message.submissionId === id);
    for (const id of [ac, wa]) expect(orderProblem(of(id)), id).toBeNull();

    const acMessages = of(ac);
    expect(acMessages.map((message) => message.status)).toEqual(['pending', 'compiling', 'compiling', ...Array(6).fill('running'), 'done']);
    expect(acMessages.filter((message) => message.event === 'test-finished').map((message) => [message.test?.index, message.test?.total, message.test?.verdict])).toEqual([
      [0, 3, 'AC'],
      [1, 3, 'AC'],
      [2, 3, 'AC'],
    ]);
    expect(acMessages.at(-1)).toMatchObject({ status: 'done', verdict: 'AC', result: { verdict: 'AC', language: 'python', problem: 'sum' } });

    const waMessages = of(wa);
    expect(waMessages.at(-1)).toMatchObject({ status: 'done', verdict: 'WA', result: { verdict: 'WA', language: 'c' } });
    expect(waMessages.find((message) => message.event === 'test-finished')?.test).toMatchObject({ index: 0, total: 3, name: 'sample-1', verdict: 'WA' });

    // bob's socket heard nothing of ann's submissions
    expect(bobSocket.statuses()).toEqual([]);
    // the store agrees
    expect((await api(`${server.url}/api/v1/submissions/${ac}`, ann.token)).body).toMatchObject({ status: 'done', verdict: 'AC' });
  });

  it("never shows a hidden test's data: a WA on a hidden test keeps its message to the admin", async () => {
    const annSocket = await socket(ann.token);
    await annSocket.next((frame) => frame.type === 'ready');
    const id = await submit(ann.token, programs.pythonWAhidden);
    const done = (await annSocket.next((frame) => frame.type === 'status' && frame.submissionId === id && frame.status === 'done', 60_000)) as StatusMessage;
    expect(done.verdict).toBe('WA');
    expect(done.result?.tests.at(-1)).toMatchObject({ name: 'test-2', verdict: 'WA' });
    expect(JSON.stringify(annSocket.frames)).not.toContain(HIDDEN_OUTPUT);
    expect(JSON.stringify((await api(`${server.url}/api/v1/submissions/${id}`, ann.token)).body)).not.toContain(HIDDEN_OUTPUT);
    expect(JSON.stringify((await api(`${server.url}/api/v1/submissions/${id}`, ADMIN)).body)).toContain(HIDDEN_OUTPUT);
  });

  it('the client library turns the stream back into judge events and resolves with the result', async () => {
    const client = new SonocodeClient({ server: server.url!, token: bob.token });
    const events: JudgeEvent[] = [];
    const { id, result } = await client.submitAndWatch({ problemId: 'sum', ...programs.pythonAC }, (event) => events.push(event));
    expect(result.verdict).toBe('AC');
    expect(events.map((event) => (event.type.startsWith('test') ? `${event.type}:${(event as { index: number }).index}` : event.type))).toEqual([
      'compile-started',
      'compile-finished',
      'test-started:0',
      'test-finished:0',
      'test-started:1',
      'test-finished:1',
      'test-started:2',
      'test-finished:2',
      'finished',
    ]);
    // watching a finished submission later gives the same result at once, from the store
    const again: JudgeEvent[] = [];
    const later = await client.watch(id, (event) => again.push(event));
    expect(later.verdict).toBe('AC');
    expect(again.at(-1)?.type).toBe('finished');
    expect(again.filter((event) => event.type === 'test-finished')).toHaveLength(3);
  });

  it('a client that connects late subscribes and gets the stored state, final result included', async () => {
    const id = await submit(ann.token, programs.cWA);
    await waitFor(async () => (await api(`${server.url}/api/v1/submissions/${id}`, ann.token)).body.status === 'done', 'the submission to finish', 60_000);
    const late = await socket();
    late.send({ type: 'auth', token: ann.token });
    await late.next((frame) => frame.type === 'ready');
    late.send({ type: 'subscribe', submissionId: id });
    const snapshot = (await late.next((frame) => frame.type === 'status')) as StatusMessage;
    expect(snapshot).toMatchObject({ submissionId: id, event: 'snapshot', status: 'done', verdict: 'WA', result: { verdict: 'WA' } });
  });

  it('answers bad frames with error frames and stays up', async () => {
    const bad = await socket();
    bad.send({ type: 'subscribe', submissionId: 'x' });
    expect(await bad.next((frame) => frame.type === 'error')).toMatchObject({ code: 'SONO_UNAUTHORIZED' });
    bad.send('this is not json');
    expect(await bad.next((frame) => frame.type === 'error')).toMatchObject({ code: 'SONO_BAD_FRAME' });
    bad.send([1, 2, 3]);
    expect(await bad.next((frame) => frame.type === 'error')).toMatchObject({ code: 'SONO_BAD_FRAME' });
    bad.send({ type: 'dance' });
    expect(await bad.next((frame) => frame.type === 'error')).toMatchObject({ code: 'SONO_BAD_FRAME', message: expect.stringContaining('"dance"') });
    bad.send({ type: 'auth', token: ann.token });
    await bad.next((frame) => frame.type === 'ready');
    bad.send({ type: 'subscribe' });
    expect(await bad.next((frame) => frame.type === 'error')).toMatchObject({ code: 'SONO_VALIDATION', message: expect.stringContaining('submissionId') });
    const bobs = await submit(bob.token, programs.pythonAC);
    bad.send({ type: 'subscribe', submissionId: bobs });
    expect(await bad.next((frame) => frame.type === 'error')).toMatchObject({ code: 'SONO_NOT_FOUND', submissionId: bobs });
    bad.send({ type: 'ping' });
    expect(await bad.next((frame) => frame.type === 'pong')).toEqual({ type: 'pong' });

    const wrongToken = await socket('not-a-token');
    expect(await wrongToken.next((frame) => frame.type === 'error')).toMatchObject({ code: 'SONO_UNAUTHORIZED' });
    expect((await wrongToken.closed).code).toBe(4401);
    const adminToken = await socket(ADMIN);
    expect(await adminToken.next((frame) => frame.type === 'error')).toMatchObject({ code: 'SONO_FORBIDDEN' });

    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });

  it('shutting down finishes the submission being judged before it stops', async () => {
    const annSocket = await socket(ann.token);
    await annSocket.next((frame) => frame.type === 'ready');
    const id = await submit(ann.token, programs.slowAC);
    await annSocket.next((frame) => frame.type === 'status' && frame.submissionId === id && frame.status === 'running', 60_000);
    await server.close();
    const store = new SqliteStore(dbPath);
    try {
      expect(await store.getSubmission(id)).toMatchObject({ status: 'done', verdict: 'AC' });
    } finally {
      await store.close();
    }
  });

  it('a submission that was stored but never judged (a crash in between) is judged at the next start', async () => {
    const store = new SqliteStore(dbPath);
    await store.init();
    const sum = await store.getProblem('sum');
    const orphan = await store.createSubmission({ userId: ann.id, problemId: sum!.id, language: 'python', code: programs.pythonAC.code });
    await store.close();

    server = await runServe({ port: 0, dbPath, adminToken: ADMIN, logLevel: 'silent' }, undefined, { env: {} });
    const judged = await waitFor(
      async () => {
        const body = (await api<{ status: string; verdict?: string }>(`${server.url}/api/v1/submissions/${orphan.id}`, ann.token)).body;
        return body.status === 'done' ? body : null;
      },
      'the orphaned submission to be judged after the restart',
      60_000,
    );
    expect(judged.verdict).toBe('AC');
  });
});
