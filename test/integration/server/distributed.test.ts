/**
 * The platform as separate processes over a real Redis: 1 api, 2 workers and 2 socket instances
 * (the built `sonocode serve`), sharing one SQLite file; the problem is imported through the
 * built CLI (`sonocode problems import <file> --server URL --token ADMIN`). 100 submissions from several users at
 * once, half the users on each socket instance: every user gets all and only their own events, in
 * order, with the right verdicts. Then a worker is killed (SIGKILL) mid-judging, then Redis is
 * killed and started again mid-load: every submission still reaches its final verdict, and no
 * role needs a restart.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerBackend } from '../../../src/sandbox/docker/backend.js';
import { SonocodeClient } from '../../../src/client/index.js';
import type { StatusMessage } from '../../../src/protocol/index.js';
import { PROGRAMS, TINY_PROBLEM } from '../../chaos/load.js';

/** Accepted and wrong programs that sleep 0.3 s on each test (wall time, not CPU time). */
const SLOW_PROGRAMS = [
  { language: 'python', code: 'import time\na, b = map(int, input().split())\ntime.sleep(0.3)\nprint(a + b)\n', verdict: 'AC' },
  { language: 'python', code: 'import time\na, b = map(int, input().split())\ntime.sleep(0.3)\nprint(a * b)\n', verdict: 'WA' },
] as const satisfies readonly (typeof PROGRAMS)[number][];
import {
  ROOT,
  ensureBuilt,
  openSocket,
  orderProblem,
  spawnRole,
  startRedis,
  tempDir,
  waitFor,
  type RecordingSocket,
  type RedisServer,
  type RoleProcess,
} from './helpers.js';

const ADMIN = 'distributed-admin-token-0123456789';

/** `node bin/sonocode.js problems import <file> --server <url> --token ADMIN`, bounded; rejects unless it exits 0. */
function importThroughCli(file: string, server: string): Promise<string> {
  return new Promise((resolveImport, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/sonocode.js'), 'problems', 'import', file, '--server', server, '--token', ADMIN],
      { cwd: ROOT, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => (error ? reject(new Error(`sonocode problems import failed: ${error.message}\n${stderr}`)) : resolveImport(stdout)),
    );
  });
}

interface User {
  id: string;
  name: string;
  token: string;
  socket: RecordingSocket;
  instance: 'A' | 'B';
}

interface Sent {
  id: string;
  user: User;
  verdict: string;
}

describe('distributed: 1 api, 2 workers, 2 socket instances over Redis', () => {
  const dir = tempDir('distributed');
  let redis: RedisServer;
  const processes: RoleProcess[] = [];
  let api: RoleProcess;
  let workers: RoleProcess[] = [];
  let socketA: RoleProcess;
  let socketB: RoleProcess;
  const users: User[] = [];
  let args: string[];

  const admin = () => new SonocodeClient({ server: api.url!, token: ADMIN });

  async function submitAll(count: number, offset = 0, programs: readonly (typeof PROGRAMS)[number][] = PROGRAMS): Promise<Sent[]> {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const n = i + offset;
        const user = users[n % users.length];
        const program = programs[n % programs.length];
        const accepted = await new SonocodeClient({ server: api.url!, token: user.token }).submit({
          problemId: 'tiny',
          language: program.language,
          code: program.code,
        });
        return { id: accepted.id, user, verdict: program.verdict };
      }),
    );
  }

  async function finalVerdicts(sent: Sent[], what: string, timeoutMs: number): Promise<Map<string, string>> {
    const client = admin();
    const verdicts = new Map<string, string>();
    await waitFor(
      async () => {
        for (const item of sent) {
          if (verdicts.has(item.id)) continue;
          const submission = await client.getSubmission(item.id);
          if (submission.status === 'done') verdicts.set(item.id, submission.verdict ?? '?');
        }
        return verdicts.size === sent.length;
      },
      `${what}: ${sent.length} submissions to reach a final verdict`,
      timeoutMs,
      500,
    );
    return verdicts;
  }

  const doneOn = (user: User, id: string) =>
    user.socket.frames.some((frame) => frame.type === 'status' && frame.submissionId === id && frame.status === 'done');

  beforeAll(async () => {
    ensureBuilt();
    redis = await startRedis();
    args = [
      '--redis', redis.url,
      '--db', join(dir.path, 'shared.db'),
      '--admin-token', ADMIN,
      '--log-level', 'info',
      '--workers-concurrency', '2',
      '--rate-limit', '10000',
      '--lock-duration-ms', '4000',
      '--stalled-interval-ms', '2000',
      '--reconcile-after-ms', '4000',
      '--reconcile-interval-ms', '1000',
      '--socket-heartbeat-ms', '1000',
      '--job-backoff-ms', '300',
    ];
    // the api first: it creates the SQLite schema the others share
    api = await spawnRole('api', [...args, '--port', '0']);
    processes.push(api);
    const started = await Promise.all([
      spawnRole('worker', args),
      spawnRole('worker', args),
      spawnRole('socket', [...args, '--port', '0']),
      spawnRole('socket', [...args, '--port', '0']),
    ]);
    processes.push(...started);
    workers = started.slice(0, 2);
    [socketA, socketB] = started.slice(2);

    const problemFile = join(dir.path, 'tiny.yaml');
    writeFileSync(problemFile, JSON.stringify(TINY_PROBLEM)); // JSON is YAML
    expect(await importThroughCli(problemFile, api.url!)).toMatch(/imported tiny/);
    const client = admin();
    for (let i = 0; i < 6; i++) {
      const created = await client.createUser(`user-${i}`);
      const instance = i % 2 === 0 ? socketA : socketB;
      const socket = await openSocket(`${instance.url!.replace('http', 'ws')}/ws`, created.token);
      await socket.next((frame) => frame.type === 'ready');
      users.push({ ...created, socket, instance: instance === socketA ? 'A' : 'B' });
    }
  }, 120_000);

  afterAll(async () => {
    if (process.env.SONOCODE_TEST_SHOW_LOGS) {
      for (const role of processes) process.stderr.write(`----- ${role.role} ${role.pid}\n${role.stderr()}\n`);
    }
    for (const user of users) user.socket.close();
    await Promise.all(processes.map((process) => process.kill('SIGTERM')));
    await redis?.kill('SIGTERM');
    // containers of the worker killed with SIGKILL
    await new DockerBackend().reap().catch(() => 0);
    dir.remove();
  }, 60_000);

  it('100 submissions at once: every user gets all and only their own events, in order, with the right verdicts', async () => {
    const sent = await submitAll(100);
    expect(new Set(sent.map((item) => item.id)).size).toBe(100);
    await waitFor(() => sent.every((item) => doneOn(item.user, item.id)), 'every user to hear "done" of each submission', 150_000, 250);

    for (const user of users) {
      const own = new Set(sent.filter((item) => item.user === user).map((item) => item.id));
      const statuses = user.socket.statuses();
      const heardOf = new Set(statuses.map((message) => message.submissionId));
      // all and only their own
      expect([...heardOf].filter((id) => !own.has(id)), `${user.name} heard of others' submissions`).toEqual([]);
      expect(heardOf.size).toBe(own.size);
      for (const id of own) {
        const messages = statuses.filter((message) => message.submissionId === id);
        expect(orderProblem(messages), `${user.name} ${id}: ${messages.map((message) => message.event).join(' ')}`).toBeNull();
        const expected = sent.find((item) => item.id === id)!.verdict;
        expect(messages.at(-1)?.verdict, `${id} on the socket`).toBe(expected);
        expect(messages.some((message) => message.event === 'test-finished' && message.test?.total === 2)).toBe(true);
      }
    }
    const verdicts = await finalVerdicts(sent, 'the store', 10_000);
    for (const item of sent) expect(verdicts.get(item.id), item.id).toBe(item.verdict);
    // the two workers shared the load; both socket instances were used
    for (const worker of workers) expect(worker.stderr()).toMatch(/judged \w+: (AC|WA)/);
    expect(new Set(users.map((user) => user.instance))).toEqual(new Set(['A', 'B']));
  });

  it("a run: judged by a worker, each view on its user's socket instance only, the latest read by the api from Redis", async () => {
    const [owner, other] = [users[0], users[1]];
    const client = new SonocodeClient({ server: api.url!, token: owner.token });
    const finished = await client.run({ problemId: 'tiny', language: 'python', code: PROGRAMS[1].code }, { intervalMs: 200, timeoutMs: 60_000 });
    expect(finished).toMatchObject({ status: 'done', verdict: 'WA', samples: [{ name: 'sample-1', verdict: 'WA', expected: '3\n', stdout: '2\n' }] });
    // the hidden test was not run: nothing of it is in the run
    expect(JSON.stringify(finished)).not.toContain(TINY_PROBLEM.testCases[1].input.trim());
    expect(JSON.stringify(finished)).not.toContain(TINY_PROBLEM.testCases[1].output.trim());
    await waitFor(
      () => owner.socket.frames.some((frame) => frame.type === 'run' && frame.run.id === finished.id && frame.run.status === 'done'),
      'the finished run on its user\'s socket',
      10_000,
    );
    const views = owner.socket.frames.flatMap((frame) => (frame.type === 'run' && frame.run.id === finished.id ? [frame.run] : []));
    expect(views.at(-1)).toEqual(finished);
    expect(other.socket.frames.some((frame) => frame.type === 'run')).toBe(false);
    expect(await new SonocodeClient({ server: api.url!, token: other.token }).getRun(finished.id).catch((error: { code: string }) => error.code)).toBe('SONO_NOT_FOUND');
  });

  it('a worker killed with SIGKILL mid-judging: its submission is judged by the other, every one ends right', async () => {
    const victim = workers[0];
    const offset = victim.stderr().length;
    // Programs that take a while: the victim is still judging when it is killed (a tiny program is
    // judged in ~50 ms, which a kill sent on seeing "judging" may come too late for).
    const sent = await submitAll(20, 3, SLOW_PROGRAMS);
    const line = await waitFor(() => /judging (\w+)/.exec(victim.stderr().slice(offset)), 'the first worker to start judging', 60_000, 20);
    victim.child.kill('SIGKILL');
    await waitFor(() => !victim.alive(), 'the worker to die', 10_000);
    const inFlight = line[1];

    const verdicts = await finalVerdicts(sent, 'after the worker was killed', 120_000);
    for (const item of sent) expect(verdicts.get(item.id), item.id).toBe(item.verdict);
    expect(sent.map((item) => item.id)).toContain(inFlight);
    expect(workers[1].stderr()).toContain(`judged ${inFlight}`);
    // the users heard the end of each, still in order
    await waitFor(() => sent.every((item) => doneOn(item.user, item.id)), 'the sockets to hear every "done"', 30_000);
    for (const item of sent) {
      const messages = item.user.socket.statuses().filter((message: StatusMessage) => message.submissionId === item.id);
      expect(orderProblem(messages), `${item.id}: ${messages.map((message) => message.event).join(' ')}`).toBeNull();
    }

    const replacement = await spawnRole('worker', args);
    processes.push(replacement);
    workers = [workers[1], replacement];
  });

  it('Redis killed and started again mid-load: every submission ends right, and no role restarts', async () => {
    const sent = await submitAll(24, 7);
    const client = admin();
    await waitFor(
      async () => {
        const states = await Promise.all(sent.slice(0, 8).map((item) => client.getSubmission(item.id)));
        return states.some((submission) => submission.status === 'done');
      },
      'judging to be under way',
      60_000,
      100,
    );
    await redis.kill('SIGKILL');
    await sleep(1000);
    await redis.start();

    const verdicts = await finalVerdicts(sent, 'after Redis restarted (empty)', 150_000);
    for (const item of sent) expect(verdicts.get(item.id), item.id).toBe(item.verdict);
    // Redis came back empty (no persistence): the jobs that were waiting were queued again by the api
    expect(api.stderr()).toMatch(/reconciler: queued \d+ submission/);
    for (const process of [api, ...workers, socketA, socketB]) expect(process.alive(), `${process.role} ${process.pid}`).toBe(true);

    // Every role is back on Redis by itself: a new submission flows to its user's socket on both instances.
    for (const user of [users[0], users[1]]) {
      const [fresh] = await Promise.all([
        new SonocodeClient({ server: api.url!, token: user.token }).submit({ problemId: 'tiny', language: 'python', code: PROGRAMS[0].code }),
      ]);
      await user.socket.next((frame) => frame.type === 'status' && frame.submissionId === fresh.id && frame.status === 'done', 60_000);
    }
    for (const process of [api, socketA, socketB]) {
      const health = await waitFor(async () => (await fetch(`${process.url}/health`)).status === 200, `${process.role} to be healthy`, 20_000);
      expect(health).toBe(true);
    }
  });

  it('SIGTERM drains: a worker finishes the submission it is judging, then every role stops cleanly', async () => {
    const worker = workers[1];
    const offset = worker.stderr().length;
    const sent = await submitAll(6, 11);
    const line = await waitFor(() => /judging (\w+)/.exec(worker.stderr().slice(offset)), 'the worker to start judging', 60_000, 20);
    const exited = new Promise<number | null>((resolve) => worker.child.once('exit', (code) => resolve(code)));
    worker.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(worker.stderr().slice(offset)).toContain(`judged ${line[1]}`);
    const verdicts = await finalVerdicts(sent, 'after a worker drained', 60_000);
    for (const item of sent) expect(verdicts.get(item.id), item.id).toBe(item.verdict);

    const running = processes.filter((process) => process.alive());
    const codes = await Promise.all(
      running.map(
        (process) =>
          new Promise<number | null>((resolve) => {
            process.child.once('exit', (code) => resolve(code));
            process.child.kill('SIGTERM');
          }),
      ),
    );
    expect(codes).toEqual(running.map(() => 0));
  });
});
