/**
 * The worker role (the Evaluator Service): takes a submission id from `submissions`, reads the
 * submission and its problem from the store, judges it with the engine in the sandbox, publishes
 * every progress event as it happens, and puts the result on `evaluations`. It also judges runs
 * (LeetCode's Run, from `runs`: src/server/runs/judge.ts), which take the next free judging slot
 * ahead of waiting submissions.
 *
 * A verdict — CE and WA included — completes the job. Only the machinery failing (the judge
 * throws) fails it; the queue retries with backoff, and the last attempt turns into an IE result
 * so that the submission still ends. A worker killed mid-job leaves a stalled job that another
 * worker judges again.
 */
import { statusAfter, type JudgeEvent } from '../../judge/events.js';
import type { LanguageRegistry } from '../../judge/languages.js';
import type { CompileCache } from '../../judge/compile-cache.js';
import { judgeSubmission } from '../../judge/pipeline.js';
import { problemFromDocument } from '../../judge/problem/document.js';
import type { JudgeResult } from '../../judge/result.js';
import type { SandboxBackend } from '../../sandbox/types.js';
import { advanceProgress, messageFromEvent, type Progress } from '../../protocol/index.js';
import type { StatusBus } from '../events/types.js';
import type { Logger } from '../logger.js';
import type { Consumer, Job, Queues, RunJob, SubmissionJob } from '../queue/types.js';
import { findLanguage } from '../languages.js';
import type { RunBoard } from '../runs/board.js';
import { judgeRun, type RunJudgeDeps } from '../runs/judge.js';
import type { Store } from '../store/types.js';
import { JudgeSlots, type SlotKind } from './slots.js';

export interface WorkerDeps {
  store: Store;
  queues: Queues;
  bus: StatusBus;
  sandbox: SandboxBackend;
  languages: LanguageRegistry;
  /** Submissions judged at once by this process. */
  concurrency: number;
  logger: Logger;
  workerId: string;
  /**
   * How often leftovers of dead judges on this host (containers or cgroups, session folders) are
   * removed, in milliseconds: a worker killed on this machine is cleaned up after by any live one
   * within this time. A pass costs a container listing and a folder listing. @defaultValue 15000
   */
  reapIntervalMs?: number;
  /** Compiled programs to reuse: a submission judged again compiles nothing. @defaultValue none */
  compileCache?: CompileCache | null;
  /** The judge. @defaultValue the engine's judgeSubmission (an embedder or a test may give another) */
  judge?: typeof judgeSubmission;
  /** Where runs' views are kept (shared with the api). */
  runBoard: RunBoard;
  /** The compile stage of runs. @defaultValue the engine's openJudge */
  openJudge?: RunJudgeDeps['openJudge'];
}

export interface RunningWorker {
  /** Submissions and runs being judged now. */
  readonly active: number;
  /** Stops taking jobs and waits for the ones being judged. */
  close(): Promise<void>;
}

/** An IE result for a submission that could not be judged. */
export function internalErrorResult(problem: string, language: string, message: string): JudgeResult {
  return { verdict: 'IE', language, problem, compile: { ok: false, timeMs: 0, output: '' }, tests: [], timeMs: 0, memoryKb: 0, message };
}

/**
 * Publishes a submission's progress in order: each event updates the stored progress and goes to
 * the user's sockets. Like the store, the stream never moves backwards: a second attempt (a retry,
 * a stalled job judged again) stays quiet until it gets past what the first one showed. Failures
 * are logged, not thrown: progress is best effort, the final result is not.
 */
class ProgressPublisher {
  private chain: Promise<void> = Promise.resolve();
  private progress: Progress = { rank: 0, tests: [] };

  constructor(
    private readonly submissionId: string,
    private readonly userId: string,
    private readonly store: Store,
    private readonly bus: StatusBus,
    private readonly logger: Logger,
    /** How far earlier attempts got (the stored progress). */
    private shownRank: number,
  ) {}

  push(event: JudgeEvent): void {
    if (event.type === 'finished') return;
    this.progress = advanceProgress(this.progress, event);
    if (this.progress.rank <= this.shownRank) return;
    this.shownRank = this.progress.rank;
    const progress = this.progress;
    const status = statusAfter(event) as 'compiling' | 'running';
    const message = messageFromEvent(this.submissionId, event);
    this.chain = this.chain.then(async () => {
      try {
        await this.store.updateProgress(this.submissionId, status, progress);
        if (message) await this.bus.publish({ userId: this.userId, message });
      } catch (error) {
        this.logger.warn(`progress of ${this.submissionId} not published: ${(error as Error).message}`);
      }
    });
  }

  flush(): Promise<void> {
    return this.chain;
  }
}

export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const { store, queues, bus, sandbox, languages, logger } = deps;

  const reaper = await startReaper(sandbox, logger, deps.reapIntervalMs ?? 15_000);

  // Each queue's consumer may hold `concurrency` jobs; the slots let that many be judged at once.
  const slots = new JudgeSlots(deps.concurrency);
  let active = 0;
  const inSlot = async (kind: SlotKind, work: () => Promise<unknown>): Promise<void> => {
    const release = await slots.take(kind);
    active++;
    try {
      await work();
    } finally {
      active--;
      release();
    }
  };
  const handle = (job: Job<SubmissionJob>) => inSlot('submission', () => judgeSubmissionJob(job, deps));
  const runDeps: RunJudgeDeps = {
    store,
    board: deps.runBoard,
    bus,
    sandbox,
    languages,
    logger,
    compileCache: deps.compileCache ?? null,
    ...(deps.openJudge ? { openJudge: deps.openJudge } : {}),
  };
  const handleRun = (job: Job<RunJob>) =>
    inSlot('run', async () => {
      const view = await judgeRun(job.data, runDeps);
      logger.info(`ran ${job.data.runId}: ${view.verdict}`);
    });

  const consumers: Consumer[] = [
    queues.submissions.consume(handle, { concurrency: deps.concurrency }),
    queues.runs.consume(handleRun, { concurrency: deps.concurrency }),
  ];
  return {
    get active() {
      return active;
    },
    close: async () => {
      clearInterval(reaper);
      await Promise.all(consumers.map((consumer) => consumer.close()));
    },
  };
}

/**
 * Removes what judges that died left in the sandbox (containers, cgroups, session folders) now
 * and every `intervalMs`: a worker killed mid-judging leaves its box behind.
 */
async function startReaper(sandbox: WorkerDeps['sandbox'], logger: WorkerDeps['logger'], intervalMs: number): Promise<NodeJS.Timeout> {
  const reap = async () => {
    try {
      const removed = await sandbox.reap();
      if (removed > 0) logger.info(`removed ${removed} sandbox leftover(s) (containers, cgroups, session folders) of judges that died`);
    } catch (error) {
      logger.warn(`could not reap sandbox leftovers: ${(error as Error).message}`);
    }
  };
  await reap();
  const reaper = setInterval(() => void reap(), intervalMs);
  reaper.unref();
  return reaper;
}

/**
 * Judges one submission job and queues its evaluation (the result the api stores). A failure of
 * the machinery is thrown for the queue to retry, until the last attempt, which gives IE.
 */
async function judgeSubmissionJob(job: Job<SubmissionJob>, deps: WorkerDeps): Promise<void> {
  const { store, queues, bus, sandbox, languages, logger, workerId } = deps;
  const id = job.data.submissionId;
  const submission = await store.getSubmission(id);
  if (!submission) {
    logger.warn(`job for an unknown submission ${id}: dropped`);
    return;
  }
  if (submission.status === 'done') return;
  logger.info(`judging ${id} (attempt ${job.attempt}/${job.maxAttempts})`);
  const started = performance.now();
  const stored = await store.getProblem(submission.problemId);
  const language = findLanguage(languages, submission.language);
  let result: JudgeResult;
  if (!stored) {
    result = internalErrorResult(submission.problemId, submission.language, 'the problem was deleted before the submission was judged');
  } else if (!language) {
    result = internalErrorResult(stored.slug, submission.language, `this worker does not know the language "${submission.language}"`);
  } else {
    const progress = new ProgressPublisher(id, submission.userId, store, bus, logger, submission.progress.rank);
    try {
      result = await (deps.judge ?? judgeSubmission)({ problem: problemFromDocument(stored, { slug: stored.slug }), source: submission.code, language }, sandbox, {
        languages,
        compileCache: deps.compileCache ?? null,
        onEvent: (event) => progress.push(event),
      });
    } catch (error) {
      await progress.flush();
      const reason = `${(error as { code?: string }).code ?? 'ERROR'}: ${(error as Error).message}`;
      if (job.attempt < job.maxAttempts) {
        logger.warn(`judging ${id} failed (attempt ${job.attempt}/${job.maxAttempts}), will retry: ${reason}`);
        throw error;
      }
      logger.error(`judging ${id} failed ${job.maxAttempts} times; giving it IE: ${reason}`);
      result = internalErrorResult(stored.slug, language.id, `judging failed ${job.maxAttempts} times; last error: ${reason}`);
    }
    await progress.flush();
  }
  const judgeMs = Math.round(performance.now() - started);
  await queues.evaluations.add(id, { submissionId: id, userId: submission.userId, result, judgeMs, attempt: job.attempt, workerId });
  logger.info(`judged ${id}: ${result.verdict} in ${judgeMs} ms`);
}
