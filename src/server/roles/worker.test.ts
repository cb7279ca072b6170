/**
 * The worker over the in-process queue and a real SQLite store, judging with the engine in a fake
 * sandbox: a judging that throws is retried, and the last attempt still ends the submission (IE).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSandbox, type FakeBehaviour } from '../../judge/testing.js';
import { LanguageRegistry } from '../../judge/languages.js';
import { SandboxError } from '../../sandbox/errors.js';
import { MemoryStatusBus } from '../events/memory.js';
import { createLogger } from '../logger.js';
import { memoryQueues } from '../queue/memory.js';
import { MemoryRunBoard } from '../runs/board.js';
import type { EvaluationJob, Queues } from '../queue/types.js';
import { SqliteStore } from '../store/sqlite.js';
import { startWorker, type RunningWorker } from './worker.js';

const ATTEMPTS = 3;
let dir: string;
let store: SqliteStore;
let queues: Queues;
let worker: RunningWorker | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sonocode-worker-test-'));
  store = new SqliteStore(join(dir, 'sonocode.db'));
  await store.init();
  queues = memoryQueues({ attempts: ATTEMPTS, backoffMs: 1 });
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  await queues.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Stores a problem and a submission to it, queues the submission, and resolves with its evaluation. */
async function judgeWith(sandbox: FakeSandbox): Promise<EvaluationJob> {
  const problem = await store.createProblem({
    slug: 'echo',
    title: 'Echo',
    description: '',
    limits: { timeLimitMs: 1000, memoryLimitMb: 64, outputLimitKb: 64 },
    checker: { type: 'tokens' },
    testCases: [{ name: 'sample-1', sample: true, input: '1\n', output: '1\n' }],
    codeStubs: [],
  });
  const submission = await store.createSubmission({ userId: 'ann', problemId: problem.id, language: 'python', code: 'print(input())' });
  const evaluated = new Promise<EvaluationJob>((resolve) => {
    queues.evaluations.consume(async (job) => resolve(job.data), { concurrency: 1 });
  });
  worker = await startWorker({
    store,
    queues,
    bus: new MemoryStatusBus(),
    sandbox,
    languages: new LanguageRegistry(),
    concurrency: 1,
    logger: createLogger('silent'),
    workerId: 'worker-test',
    runBoard: new MemoryRunBoard(),
  });
  await queues.submissions.add(submission.id, { submissionId: submission.id });
  return evaluated;
}

/** A sandbox whose runner dies on the first `failures` submissions, and that echoes afterwards. */
function failingSandbox(failures: number): FakeSandbox {
  let compiles = 0;
  const behaviour: FakeBehaviour = ({ kind, stdin }) => {
    if (kind === 'compile' && ++compiles <= failures) throw new SandboxError('SANDBOX_FAILED', `the runner died (${compiles})`);
    return kind === 'test' ? { stdout: stdin } : {};
  };
  return new FakeSandbox(behaviour);
}

describe('the worker', () => {
  it('retries a judging that failed, and reports the attempt that judged it', async () => {
    const sandbox = failingSandbox(1);
    const evaluation = await judgeWith(sandbox);
    expect(evaluation).toMatchObject({ attempt: 2, workerId: 'worker-test', result: { verdict: 'AC', tests: [{ name: 'sample-1', verdict: 'AC' }] } });
    expect(sandbox.sessions.every((session) => session.disposed)).toBe(true);
  });

  it('gives IE on the last attempt, with the last error, so that the submission still ends', async () => {
    const sandbox = failingSandbox(ATTEMPTS);
    const evaluation = await judgeWith(sandbox);
    expect(evaluation.attempt).toBe(ATTEMPTS);
    expect(evaluation.result).toMatchObject({
      verdict: 'IE',
      problem: 'echo',
      language: 'python',
      tests: [],
      message: `judging failed ${ATTEMPTS} times; last error: SANDBOX_FAILED: the runner died (${ATTEMPTS})`,
    });
    expect(sandbox.runs('compile')).toHaveLength(ATTEMPTS);
    expect(sandbox.sessions.every((session) => session.disposed)).toBe(true);
  });
});
