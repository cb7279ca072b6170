/**
 * Fuzzing the server's edges with fast-check: API bodies (any JSON, valid bodies with fields
 * mutated, raw bytes under any content type) through `inject()` into the real app over a real
 * SQLite store, and WebSocket frames (any text, any JSON, mutated valid frames, binary) through a
 * real socket instance on loopback. Whatever comes in: no 5xx, no crash, and every rejection is a
 * catalogue error that says where the fault is. The seed is fixed (`SONOCODE_FUZZ_SEED` picks
 * another; a failure prints the seed and path that replay it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { API_ERROR_CATALOGUE, type ErrorBody, type ServerFrame } from '../protocol/index.js';
import { buildApp } from './app.js';
import { MemoryStatusBus } from './events/memory.js';
import type { HttpApp } from './http.js';
import { hashToken } from './ids.js';
import { createLogger } from './logger.js';
import { memoryQueues } from './queue/memory.js';
import type { Queues } from './queue/types.js';
import { parseFrame, SocketService } from './socket/service.js';
import { SqliteStore } from './store/sqlite.js';

const SEED = Number(process.env.SONOCODE_FUZZ_SEED ?? 20261130);
const ADMIN = 'fuzz-admin-token-0123456789abcdef';
const USER_TOKEN = 'fuzz-user-token-0123456789abcdef';
const run = <T>(property: fc.IAsyncProperty<T> | fc.IProperty<T>, numRuns: number) => fc.assert(property as fc.IAsyncProperty<T>, { seed: SEED, numRuns });

/** Where a rejection says its fault is: the body or one of its fields, a header, the query or a parameter. */
const PLACE = /^(body|headers|querystring|params)(\b|\.|\[)/;

const problemDocument = { title: 'Sum', slug: 'sum', testCases: [{ input: '1 2\n', output: '3\n', sample: true }, { input: '2 2\n', output: '4\n' }] };
const submission = { problemId: 'sum', language: 'python', code: 'print(3)' };

/** A valid body with some fields replaced by anything, some removed and some added. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc
    .record({
      replace: fc.dictionary(fc.constantFrom(...keys), fc.jsonValue(), { maxKeys: keys.length }),
      remove: fc.subarray(keys),
      add: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue(), { maxKeys: 2 }),
    })
    .map(({ replace, remove, add }) => {
      const body: Record<string, unknown> = { ...valid, ...replace, ...add };
      for (const key of remove) delete body[key];
      return body;
    });
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=', 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', ''];

/** A request body: any JSON, a mutated valid one, or raw bytes or text under any content type. */
function bodies(valid: Record<string, unknown>): fc.Arbitrary<{ payload: string | Buffer; type: string }> {
  return fc.oneof(
    fc.jsonValue().map((value) => ({ payload: JSON.stringify(value) ?? 'null', type: 'application/json' })),
    mutated(valid).map((value) => ({ payload: JSON.stringify(value), type: 'application/json' })),
    fc.record({ payload: fc.string({ unit: 'binary', maxLength: 200 }), type: fc.constantFrom(...CONTENT_TYPES) }),
    fc.record({ payload: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)), type: fc.constantFrom(...CONTENT_TYPES) }),
  );
}

/** The property every answer keeps: below 500, and a rejection is a catalogue error naming its place. */
function expectAnswered(status: number, body: string, request: string): void {
  expect(status, request).toBeLessThan(500);
  if (status < 400) return;
  const error = JSON.parse(body) as ErrorBody;
  expect(Object.keys(API_ERROR_CATALOGUE), request).toContain(error.code);
  expect(API_ERROR_CATALOGUE[error.code].status, request).toBe(status);
  const located = PLACE.test(error.message) || (error.issues?.length ?? 0) > 0;
  expect(located, `${request} → ${body}`).toBe(true);
  for (const issue of error.issues ?? []) expect(issue.path, `${request} → ${body}`).toMatch(PLACE);
}

describe('fuzzing the API bodies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonocode-fuzz-'));
  let store: SqliteStore;
  let queues: Queues;
  let app: HttpApp;
  let problemId: string;

  beforeAll(async () => {
    store = new SqliteStore(join(dir, 'fuzz.db'));
    await store.init();
    queues = memoryQueues({ attempts: 1, backoffMs: 1 });
    app = await buildApp({ store, queues, bus: new MemoryStatusBus(), adminToken: ADMIN, limits: { maxCodeBytes: 4096, rateLimit: { max: 1_000_000, windowMs: 60_000 } } });
    await store.createUser({ name: 'fuzzer', tokenHash: hashToken(USER_TOKEN) });
    problemId = (await app.inject({ method: 'POST', url: '/api/v1/problems', headers: { authorization: `Bearer ${ADMIN}` }, payload: problemDocument })).json().id;
  });

  afterAll(async () => {
    await app?.close();
    await queues?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const routes = [
    { method: 'POST', path: '/api/v1/submissions', url: () => '/api/v1/submissions', token: USER_TOKEN, valid: submission },
    { method: 'POST', path: '/api/v1/problems', url: () => '/api/v1/problems', token: ADMIN, valid: { ...problemDocument, slug: undefined } },
    { method: 'PUT', path: '/api/v1/problems/:id', url: () => `/api/v1/problems/${problemId}`, token: ADMIN, valid: problemDocument },
    { method: 'POST', path: '/api/v1/users', url: () => '/api/v1/users', token: ADMIN, valid: { name: 'ann' } },
  ] as const;

  for (const route of routes) {
    it(`${route.method} ${route.path}: no 5xx, every rejection located`, async () => {
      await run(
        fc.asyncProperty(bodies(route.valid as Record<string, unknown>), async ({ payload, type }) => {
          const response = await app.inject({
            method: route.method,
            url: route.url(),
            headers: { authorization: `Bearer ${route.token}`, ...(type ? { 'content-type': type } : {}) },
            payload,
          });
          expectAnswered(response.statusCode, response.body, `${route.method} ${type} ${JSON.stringify(payload.toString()).slice(0, 200)}`);
        }),
        150,
      );
    });
  }

  it('query strings and parameters: no 5xx, every rejection located', async () => {
    const text = fc.string({ maxLength: 40 }).map(encodeURIComponent);
    await run(
      fc.asyncProperty(text, text, text, async (limit, offset, id) => {
        for (const url of [`/api/v1/submissions?limit=${limit}&offset=${offset}&problemId=${id}`, `/api/v1/problems?limit=${limit}`, `/api/v1/submissions/${id || 'x'}`]) {
          const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${USER_TOKEN}` } });
          if (response.statusCode === 404) continue; // an unknown submission: not a fault of the request's form
          expectAnswered(response.statusCode, response.body, `GET ${url}`);
        }
      }),
      150,
    );
  });
});

describe('fuzzing the WebSocket frames', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonocode-fuzz-ws-'));
  let store: SqliteStore;
  let server: Server;
  let sockets: SocketService;
  let url: string;

  const validFrames = [
    { type: 'auth', token: USER_TOKEN },
    { type: 'subscribe', submissionId: '0123456789abcdef01234567' },
    { type: 'ping' },
  ];
  const frames = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
    fc.constantFrom(...validFrames).chain((valid) => mutated(valid).map((value) => JSON.stringify(value))),
  );

  beforeAll(async () => {
    store = new SqliteStore(join(dir, 'fuzz.db'));
    await store.init();
    await store.createUser({ name: 'fuzzer', tokenHash: hashToken(USER_TOKEN) });
    sockets = await SocketService.start({ store, bus: new MemoryStatusBus(), adminToken: ADMIN, instanceId: 'fuzz', logger: createLogger('silent') });
    server = createServer();
    sockets.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ws`;
  });

  afterAll(async () => {
    await sockets?.close();
    await new Promise((resolve) => server?.close(resolve));
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parseFrame: any text is a frame or an error of the catalogue that says what is wrong', () => {
    run(
      fc.property(frames, (text) => {
        const parsed = parseFrame(text);
        if (!('code' in parsed)) return;
        expect(['SONO_BAD_FRAME', 'SONO_VALIDATION']).toContain(parsed.code);
        // a field's fault names the field (`submissionId: must not be empty`)
        if (parsed.code === 'SONO_VALIDATION') expect(parsed.message, text).toMatch(/^[A-Za-z]\w*(\.|\[|:)/);
        else expect(parsed.message.length, text).toBeGreaterThan(0);
      }),
      2000,
    );
  });

  it('a live connection: any frame gets an answer, never a crash, and the connection stays usable', async () => {
    const ws = new WebSocket(url);
    const queued: ServerFrame[] = [];
    let waiting: (() => void) | undefined;
    ws.on('message', (data) => {
      queued.push(JSON.parse(data.toString()) as ServerFrame);
      waiting?.();
    });
    await new Promise((resolve) => ws.once('open', resolve));
    const next = async (): Promise<ServerFrame> => {
      while (queued.length === 0) await new Promise<void>((resolve) => (waiting = resolve));
      return queued.shift()!;
    };
    ws.send(JSON.stringify({ type: 'auth', token: USER_TOKEN }));
    expect((await next()).type).toBe('ready');
    await run(
      fc.asyncProperty(frames, fc.boolean(), async (text, binary) => {
        ws.send(binary ? Buffer.from(text) : text, { binary });
        // a ping after each frame: its pong proves the frame was handled and the connection lives
        ws.send(JSON.stringify({ type: 'ping' }));
        for (;;) {
          const frame = await next();
          if (frame.type === 'pong') break;
          if (frame.type === 'error') {
            expect(Object.keys(API_ERROR_CATALOGUE), text).toContain(frame.code);
            expect(frame.code, text).not.toBe('SONO_INTERNAL');
            expect(frame.message.length, text).toBeGreaterThan(0);
          }
        }
        expect(ws.readyState).toBe(WebSocket.OPEN);
      }),
      300,
    );
    ws.close();
  }, 60_000);
});
