// The server's speed, as ratios to a baseline measured in the same run (medians of several runs):
//
// 1. ingest: requests/s of POST /api/v1/submissions (stored as pending, announced, queued; no
//    worker, so the queue just fills) beside a no-op Fastify POST route in the same process,
//    with the embedded in-process queue and, when redis-server is installed, with BullMQ on Redis;
// 2. judging: submissions judged per second with 2 workers (one process with
//    --workers-concurrency 2, and, with Redis, 2 worker processes), with each sandbox backend,
//    beside the bare ceiling: the same compiles and runs without sandbox or judge, in 2 parallel loops,
//    measured in rounds taken in turn with the server's.
//
// Needs `npm run build` (dist/), Docker and bubblewrap. Usage: node scripts/bench-server.mjs
// Env: BENCH_ROUNDS (default 3), BENCH_SECONDS (autocannon duration, default 5), BENCH_JUDGED (default 40, a multiple of 4),
// BENCH_ONLY (ingest or judge)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import WebSocket from 'ws';

const root = new URL('..', import.meta.url).pathname;
const dist = (path) => join(root, 'dist', path);
const CLI = join(root, 'bin/sonocode.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const JUDGED = Number(process.env.BENCH_JUDGED ?? 40);
const ADMIN = 'bench-admin-token-0123456789';
const REDIS_BIN = '/usr/bin/redis-server';
const ONLY = process.env.BENCH_ONLY;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'sonocode-bench-server-'));

const problem = {
  title: 'Bench sum',
  slug: 'bench-sum',
  testCases: Array.from({ length: 4 }, (_, i) => ({ input: `${i} ${i * 7}\n`, output: `${i * 8}\n`, sample: i === 0 })),
};
/**
 * The i-th submission: the programs in turn, each made unique by a comment, so that every one is
 * compiled (the compile cache would otherwise serve a repeat, which the bare loops cannot).
 */
function uniqueProgram(i) {
  const { language, code } = PROGRAMS[i % PROGRAMS.length];
  return { language, code: `${code}${language === 'python' ? '#' : '//'} submission ${i} of ${process.pid} at ${Date.now()}\n` };
}

const PROGRAMS = [
  { language: 'python', code: 'a, b = map(int, input().split())\nprint(a + b)\n' },
  { language: 'c', code: '#include <stdio.h>\nint main(){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a+b);}\n' },
];

// ---------------------------------------------------------------------------------------------
// Child mode: an api without workers, listening, with a no-op route beside it.

if (process.argv[2] === '--ingest-server') {
  const [{ buildApp }, { SqliteStore }, { memoryQueues }, { MemoryStatusBus }, { redisQueues }, { RedisStatusBus }, { createRedis }, { createLogger }] =
    await Promise.all([
      import(dist('server/app.js')),
      import(dist('server/store/sqlite.js')),
      import(dist('server/queue/memory.js')),
      import(dist('server/events/memory.js')),
      import(dist('server/queue/bullmq.js')),
      import(dist('server/events/redis.js')),
      import(dist('server/redis.js')),
      import(dist('server/logger.js')),
    ]);
  const redisUrl = process.argv[4];
  const logger = createLogger('error');
  const store = new SqliteStore(process.argv[3]);
  await store.init();
  let queues;
  let bus;
  if (redisUrl) {
    const redis = createRedis(redisUrl, { name: 'bench', logger });
    queues = redisQueues(redis, { attempts: 1, backoffMs: 1000, lockDurationMs: 60000, stalledIntervalMs: 30000 }, logger);
    bus = new RedisStatusBus(redis, { heartbeatMs: 5000, instanceTtlMs: 15000, logger });
  } else {
    queues = memoryQueues({ attempts: 1, backoffMs: 1000 });
    bus = new MemoryStatusBus();
  }
  const app = await buildApp({ store, queues, bus, adminToken: ADMIN, logger, limits: { rateLimit: { max: 100_000_000, windowMs: 60_000 } } });
  // the same validation machinery as the api's routes (zod), doing next to nothing
  const { z } = await import('zod');
  app.post('/noop', { schema: { body: z.looseObject({}) } }, async (_request, reply) => reply.code(202).send({ id: 'x', status: 'pending' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  const admin = { authorization: `Bearer ${ADMIN}` };
  await app.inject({ method: 'POST', url: '/api/v1/problems', headers: admin, payload: problem });
  const user = (await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name: 'bench' } })).json();
  process.stdout.write(`${JSON.stringify({ url, token: user.token })}\n`);
  process.on('SIGTERM', async () => {
    await app.close();
    await queues.close();
    await store.close();
    process.exit(0);
  });
  await new Promise(() => {});
}

// ---------------------------------------------------------------------------------------------
// Helpers

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function spawnReady(args, pattern) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready: ${args.join(' ')}\n${err}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function startRedis() {
  if (!existsSync(REDIS_BIN)) return null;
  const port = await freePort();
  const child = spawn(REDIS_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const { Redis } = await import('ioredis');
  const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  for (let i = 0; i < 50; i++) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch {
      await sleep(100);
    }
  }
  probe.disconnect();
  return { url: `redis://127.0.0.1:${port}`, child };
}

function cannon(url, path, token, body) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}${path}`,
        method: 'POST',
        connections: 32,
        pipelining: 1,
        duration: SECONDS,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      },
      (error, result) => {
        if (error) return reject(error);
        if (result.non2xx > 0) return reject(new Error(`${path}: ${result.non2xx} answers were not 2xx`));
        resolve(result.requests.average);
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------
// 1. Ingest

async function ingest(redisUrl) {
  const db = join(work, `ingest-${Date.now()}.db`);
  const { child, match } = await spawnReady([new URL(import.meta.url).pathname, '--ingest-server', db, ...(redisUrl ? [redisUrl] : [])], /^(\{.*\})\n/m);
  const { url, token } = JSON.parse(match[1]);
  const body = { problemId: 'bench-sum', ...PROGRAMS[0] };
  const noop = [];
  const submit = [];
  try {
    await cannon(url, '/noop', token, body); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      noop.push(await cannon(url, '/noop', token, body));
      submit.push(await cannon(url, '/api/v1/submissions', token, body));
    }
  } finally {
    await stop(child);
  }
  return { noop: median(noop), submit: median(submit) };
}

// ---------------------------------------------------------------------------------------------
// 2. Judging

/**
 * The bare ceiling: the same compiles and runs as the server's judging, without sandbox or judge, in
 * `loops` parallel shell loops (one per worker): submissions per second. A C submission is gcc,
 * then its 4 runs; a Python one is the syntax check the judge compiles with, then its 4 runs. Every
 * loop gets the same mix of programs, as workers taking the next submission from one queue do (a
 * loop of only the slower program would set the pace, and the ceiling would be too low).
 */
async function bareCeiling(loops) {
  const { execFile } = await import('node:child_process');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const scripts = Array.from({ length: loops }, (_, loop) => {
    const dir = join(work, `bare-${loop}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.c'), PROGRAMS.find((p) => p.language === 'c').code);
    writeFileSync(join(dir, 'main.py'), PROGRAMS.find((p) => p.language === 'python').code);
    problem.testCases.forEach((test, i) => writeFileSync(join(dir, `${i}.in`), test.input));
    const lines = ['set -e', `cd ${dir}`];
    for (let n = 0; n < JUDGED; n++) {
      if (Math.floor(n / PROGRAMS.length) % loops !== loop) continue;
      const program = PROGRAMS[n % PROGRAMS.length];
      if (program.language === 'c') lines.push('/usr/bin/gcc -O2 -std=gnu17 -pipe -o main main.c -lm');
      else lines.push(`/usr/bin/python3 -c 'import ast,sys; ast.parse(open(sys.argv[1], "rb").read(), sys.argv[1])' main.py`);
      const run = program.language === 'c' ? './main' : '/usr/bin/python3 main.py';
      problem.testCases.forEach((_, i) => lines.push(`${run} < ${i}.in > /dev/null`));
    }
    writeFileSync(join(dir, 'loop.sh'), `${lines.join('\n')}\n`);
    return join(dir, 'loop.sh');
  });
  const started = performance.now();
  await Promise.all(scripts.map((script) => new Promise((resolve, reject) => execFile('/bin/sh', [script], (error) => (error ? reject(error) : resolve())))));
  return JUDGED / ((performance.now() - started) / 1000);
}

async function request(url, token, method, path, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(data)}`);
  return data;
}

/**
 * Submits JUDGED programs at once and times until the last is done, following them as the web page
 * does: over the user's WebSocket (`finished` messages), so that the client adds next to no work to
 * the machine it measures (a polling loop listing the submissions every few milliseconds would).
 */
async function judgedThroughServer(url, socketUrl = url) {
  const user = await request(url, ADMIN, 'POST', '/api/v1/users', { name: `bench-${Date.now()}` });
  await request(url, ADMIN, 'POST', '/api/v1/problems', problem).catch(() => {});
  const socket = new WebSocket(`${socketUrl.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(user.token)}`);
  const finished = new Map();
  let notify = () => {};
  const ready = new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'ready') resolve();
      else if (message.type === 'status' && message.event === 'finished') {
        finished.set(message.submissionId, message.verdict);
        notify();
      } else if (message.type === 'error') reject(new Error(`socket: ${message.message}`));
    });
  });
  await ready;
  try {
    const started = performance.now();
    const ids = await Promise.all(
      Array.from({ length: JUDGED }, (_, i) => request(url, user.token, 'POST', '/api/v1/submissions', { problemId: 'bench-sum', ...uniqueProgram(i) }).then((a) => a.id)),
    );
    const timeout = setTimeout(() => notify(new Error('judging took more than 5 minutes')), 300_000);
    await new Promise((resolve, reject) => {
      notify = (error) => {
        if (error) return reject(error);
        for (const id of ids) {
          if (!finished.has(id)) return;
          if (finished.get(id) !== 'AC') return reject(new Error(`server judged ${id}: ${finished.get(id)}`));
        }
        resolve();
      };
      notify();
    });
    clearTimeout(timeout);
    return JUDGED / ((performance.now() - started) / 1000);
  } finally {
    socket.close();
  }
}

/**
 * Rounds of judging through a server, each right after a round of the bare ceiling, so that both
 * meet the machine in the same state (a drift in its speed moves both): the medians of each.
 */
async function interleaved(url, socketUrl) {
  await bareCeiling(2); // warm-up: the page cache
  await judgedThroughServer(url, socketUrl); // warm-up: the runtime image, the warm pool
  const bare = [];
  const server = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await bareCeiling(2));
    server.push(await judgedThroughServer(url, socketUrl));
  }
  return { bare: median(bare), server: median(server) };
}

async function judgedEmbedded(backend) {
  const db = join(work, `embedded-${Date.now()}.db`);
  const { child, match } = await spawnReady(
    [CLI, 'serve', '--sandbox', backend, '--port', '0', '--db', db, '--admin-token', ADMIN, '--workers-concurrency', '2', '--log-level', 'error', '--rate-limit', '100000'],
    /listening on (\S+)/,
  );
  try {
    return await interleaved(match[1]);
  } finally {
    await stop(child);
  }
}

async function judgedDistributed(redisUrl, backend) {
  const db = join(work, `distributed-${Date.now()}.db`);
  const common = ['--sandbox', backend, '--redis', redisUrl, '--db', db, '--admin-token', ADMIN, '--log-level', 'error', '--rate-limit', '100000'];
  const api = await spawnReady([CLI, 'serve', '--role', 'api', '--port', '0', ...common], /listening on (\S+)/);
  const socket = await spawnReady([CLI, 'serve', '--role', 'socket', '--port', '0', ...common], /listening on (\S+)/);
  const workers = await Promise.all([0, 1].map(() => spawnReady([CLI, 'serve', '--role', 'worker', ...common], /ready/)));
  try {
    return await interleaved(api.match[1], socket.match[1]);
  } finally {
    await Promise.all([api, socket, ...workers].map(({ child }) => stop(child)));
  }
}

// ---------------------------------------------------------------------------------------------

const rows = [];
const fmt = (value) => value.toFixed(value >= 100 ? 0 : 2);
let redis = null;
try {
  redis = await startRedis();
  if (ONLY !== 'judge') {
    for (const [name, url] of [['in-process queue', null], ['BullMQ on Redis', redis?.url]]) {
      if (url === undefined) continue;
      const { submit, noop } = await ingest(url);
      rows.push([`ingest, ${name} (req/s)`, fmt(submit), `no-op route ${fmt(noop)}`, `${(submit / noop).toFixed(2)}×`]);
    }
  }
  if (ONLY !== 'ingest') {
    for (const backend of ['native', 'docker']) {
      const embedded = await judgedEmbedded(backend);
      const ratio = embedded.server / embedded.bare;
      const target = backend === 'native' ? 0.5 : 0.2;
      rows.push([
        `judged/s, ${backend}, 1 process × 2 workers`,
        fmt(embedded.server),
        `bare, 2 loops: ${fmt(embedded.bare)}`,
        `${ratio.toFixed(2)}× (target ≥ ${target}: ${ratio >= target ? 'met' : 'NOT met'})`,
      ]);
      if (redis) {
        const distributed = await judgedDistributed(redis.url, backend);
        rows.push([`judged/s, ${backend}, 2 worker processes (Redis)`, fmt(distributed.server), `bare, 2 loops: ${fmt(distributed.bare)}`, `${(distributed.server / distributed.bare).toFixed(2)}×`]);
      }
    }
  }
} finally {
  if (redis) await stop(redis.child);
  rmSync(work, { recursive: true, force: true });
}

const header = ['measure', 'server', 'baseline (same run)', 'ratio'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)));
const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
console.log(`\nsonocode server bench — medians of ${ROUNDS} runs; ingest ${SECONDS} s × 32 connections; judging ${JUDGED} submissions (python + C, 4 tests)\n`);
console.log(line(header));
console.log(line(widths.map((width) => '-'.repeat(width))));
for (const row of rows) console.log(line(row));
