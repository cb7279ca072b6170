/**
 * Runs through the worker — the in-process queue, a real SQLite store, the in-process bus and the
 * run board — judged by the engine's flow in a fake sandbox (the program of a fake run is a
 * function of its input): the samples judged with what the program wrote, the user's input run
 * unchecked, a compile error, a sandbox that fails; nothing of a hidden test in any view or
 * message; a run taking the next slot ahead of waiting submissions; no submission stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../judge/languages.js';
import { FakeSandbox, type FakeBehaviour } from '../../judge/testing.js';
import type { RunMessage, RunView } from '../../protocol/index.js';
import { SandboxError } from '../../sandbox/errors.js';
import { MemoryStatusBus } from '../events/memory.js';
import type { RoutedStatus } from '../events/types.js';
import { createLogger } from '../logger.js';
import { memoryQueues } from '../queue/memory.js';
import type { Queues, RunJob } from '../queue/types.js';
import { startWorker, type RunningWorker } from '../roles/worker.js';
import { SqliteStore } from '../store/sqlite.js';
import type { ProblemData } from '../store/types.js';
import { MemoryRunBoard } from './board.js';
import { pendingRunView } from './judge.js';

const HIDDEN_INPUT = 'hidden-input-5b2e';
const HIDDEN_OUTPUT = 'hidden-output-c81d';

let dir: string;
let store: SqliteStore;
let queues: Queues;
let board: MemoryRunBoard;
let bus: MemoryStatusBus;
let worker: RunningWorker | undefined;
let routed: RoutedStatus[];
let problemId: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sonocode-run-test-'));
  store = new SqliteStore(join(dir, 'sonocode.db'));
  await store.init();
  queues = memoryQueues({ attempts: 1, backoffMs: 1 });
  board = new MemoryRunBoard();
  bus = new MemoryStatusBus();
  routed = [];
  const route = await bus.join('recorder', (message) => routed.push(message));
  await route.addUser('ann');
  const problem = await store.createProblem(
    problemData('double', [
      { name: 'sample-1', sample: true, input: '1\n', output: '2\n' },
      { name: 'sample-2', sample: true, input: '5\n', output: '10\n' },
      { name: 'hidden-1', sample: false, input: `${HIDDEN_INPUT}\n`, output: `${HIDDEN_OUTPUT}\n` },
    ]),
  );
  problemId = problem.id;
});
afterEach(async () => {
  // the worker first (it uses the queues and the store), then what it used
  await worker?.close();
  worker = undefined;
  await Promise.all([queues.close(), store.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** A small problem (1 s, 64 MiB, the tokens checker) with these tests. */
function problemData(slug: string, testCases: ProblemData['testCases']): ProblemData {
  return { slug, title: slug, description: '', limits: { timeLimitMs: 1000, memoryLimitMb: 64, outputLimitKb: 64 }, checker: { type: 'tokens' }, testCases, codeStubs: [] };
}

async function startWith(sandbox: FakeSandbox, concurrency = 1): Promise<void> {
  worker = await startWorker({ store, queues, bus, sandbox, languages: new LanguageRegistry(), concurrency, logger: createLogger('silent'), workerId: 'w', runBoard: board });
}

/** Queues a run the way the api does (its pending view on the board first), and waits for its end. */
async function run(code: string, input?: string): Promise<RunView> {
  const job: RunJob = { runId: `run-${Math.random().toString(16).slice(2)}`, userId: 'ann', problemId, language: 'python', code, createdAt: new Date().toISOString(), ...(input !== undefined ? { input } : {}) };
  await board.put({ userId: 'ann', view: pendingRunView(job, 2) });
  await queues.runs.add(job.runId, job);
  for (;;) {
    const kept = await board.get(job.runId);
    if (kept?.view.status === 'done') return kept.view;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A program that doubles its input, except that it prints `wrong` for 5. */
const doubling: FakeBehaviour = ({ kind, stdin }) => {
  if (kind !== 'test') return {};
  const n = Number(stdin.trim());
  return n === 5 ? { stdout: 'wrong\n', stderr: 'oops\n' } : { stdout: `${n * 2}\n`, cpuMs: 7, memoryKb: 2048 };
};

describe('a run in the worker', () => {
  it('judges every sample (not only up to the first failure) with input, expected output and what the program wrote', async () => {
    const sandbox = new FakeSandbox(doubling);
    await startWith(sandbox);
    const view = await run('print(int(input()) * 2)');
    expect(view).toMatchObject({ status: 'done', verdict: 'WA', mode: 'samples', sampleCount: 2, compile: { ok: true } });
    expect(view.samples).toEqual([
      { name: 'sample-1', verdict: 'AC', timeMs: 7, wallMs: 2, memoryKb: 2048, input: '1\n', expected: '2\n', stdout: '2\n', stderr: '' },
      expect.objectContaining({ name: 'sample-2', verdict: 'WA', input: '5\n', expected: '10\n', stdout: 'wrong\n', stderr: 'oops\n' }),
    ]);
    // hidden tests do not run at all
    expect(sandbox.runs('test').map((test) => test.stdin)).toEqual(['1\n', '5\n']);
    expect(sandbox.sessions.every((session) => session.disposed)).toBe(true);
  });

  it('sends every change to its user in order, each a whole view with a higher version, and never a hidden test', async () => {
    await startWith(new FakeSandbox(doubling));
    const view = await run('print(int(input()) * 2)');
    const messages = routed.map((item) => item.message as RunMessage);
    expect(routed.every((item) => item.userId === 'ann')).toBe(true);
    expect(messages.map((message) => message.run.status)).toEqual(['compiling', 'running', 'running', 'running', 'done']);
    const versions = messages.map((message) => message.run.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(messages.at(-1)!.run).toEqual(view);
    const everything = JSON.stringify([routed, await board.get(view.id)]);
    expect(everything).not.toContain(HIDDEN_INPUT);
    expect(everything).not.toContain(HIDDEN_OUTPUT);
    expect(everything).not.toContain('hidden-1');
  });

  it("runs the user's input unchecked and shows what the program wrote", async () => {
    await startWith(new FakeSandbox(doubling));
    const view = await run('print(int(input()) * 2)', '21\n');
    expect(view).toMatchObject({ status: 'done', mode: 'input', verdict: 'AC', input: '21\n', samples: [], sampleCount: 0 });
    expect(view.output).toMatchObject({ verdict: 'AC', stdout: '42\n', stderr: '', exitCode: 0, timeMs: 7, memoryKb: 2048 });
  });

  it('shows a compile error as CE with the compiler output, and runs nothing', async () => {
    const sandbox = new FakeSandbox(({ kind }) => (kind === 'compile' ? { exitCode: 1, stderr: 'SyntaxError: invalid syntax' } : {}));
    await startWith(sandbox);
    const view = await run('print(');
    expect(view).toMatchObject({ status: 'done', verdict: 'CE', compile: { ok: false }, samples: [] });
    expect(view.compile!.output).toContain('SyntaxError');
    expect(sandbox.runs('test')).toEqual([]);
  });

  it('ends as IE with the reason when the sandbox fails, without a retry', async () => {
    const sandbox = new FakeSandbox(({ kind }) => {
      if (kind === 'compile') throw new SandboxError('SANDBOX_FAILED', 'the runner died');
      return {};
    });
    await startWith(sandbox);
    const view = await run('print(1)');
    expect(view).toMatchObject({ status: 'done', verdict: 'IE', message: 'the run could not be judged: SANDBOX_FAILED: the runner died' });
    expect(sandbox.runs('compile')).toHaveLength(1);
  });

  it('stores no submission', async () => {
    await startWith(new FakeSandbox(doubling));
    await run('print(int(input()) * 2)');
    expect(await store.listSubmissions({})).toEqual([]);
  });

  it('takes the next free slot ahead of a submission that waits for one', async () => {
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const sandbox = new FakeSandbox(async ({ kind, stdin }) => {
      if (kind !== 'test') return {};
      const name = stdin.trim();
      order.push(`${name} started`);
      if (name === 'first') await firstHeld;
      order.push(`${name} ended`);
      return { stdout: stdin };
    });
    await startWith(sandbox);
    const echo = await store.createProblem(problemData('echo', [{ name: 't', sample: false, input: 'first\n', output: 'first\n' }]));
    const evaluated: string[] = [];
    queues.evaluations.consume(async (job) => void evaluated.push(job.data.submissionId), { concurrency: 1 });
    const until = async (check: () => boolean | Promise<boolean>) => {
      while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    // a submission holds the only slot and another is queued behind it; then a run comes
    for (const code of ['x', 'y']) {
      const submission = await store.createSubmission({ userId: 'ann', problemId: echo.id, language: 'python', code });
      await queues.submissions.add(submission.id, { submissionId: submission.id });
    }
    await until(() => order.length === 1);
    const ran = run('print(int(input()) * 2)', 'run\n');
    await until(async () => (await queues.runs.counts()).active === 1);
    releaseFirst();
    await ran;
    await until(() => evaluated.length === 2);
    expect(order).toEqual(['first started', 'first ended', 'run started', 'run ended', 'first started', 'first ended']);
  });
});
