/**
 * The api role's background work beside its routes (app.ts):
 *
 * - the evaluation consumer: takes results from `evaluations`, stores the final verdict exactly
 *   once (a result that arrives twice changes nothing and is not announced twice), and publishes
 *   `done` to the user's sockets;
 * - the reconciler: finds submissions that are not done, have not moved for a while and have no
 *   live job (lost with a Redis that restarted empty, or never queued because Redis was away when
 *   they came in), and queues them again. Job ids are submission ids, so re-adding is idempotent.
 */
import { finishedMessage } from '../../protocol/status.js';
import type { StatusBus } from '../events/types.js';
import type { Logger } from '../logger.js';
import type { ServerMetrics } from '../metrics.js';
import { LIVE_STATES, type Consumer, type EvaluationJob, type Job, type Queues } from '../queue/types.js';
import type { Store } from '../store/types.js';

export interface EvaluationDeps {
  store: Store;
  queues: Queues;
  bus: StatusBus;
  metrics: ServerMetrics;
  logger: Logger;
  /** Results stored at once. @defaultValue 8 */
  concurrency?: number;
}

export function startEvaluationConsumer(deps: EvaluationDeps): Consumer {
  const { store, bus, metrics, logger } = deps;
  const handle = async (job: Job<EvaluationJob>): Promise<void> => {
    const { submissionId, userId, result, judgeMs } = job.data;
    // A throw (store down) fails the attempt; the queue retries.
    const stored = await store.finish(submissionId, result);
    if (!stored) {
      logger.debug(`result for ${submissionId} arrived again; the first one stays`);
      return;
    }
    metrics.finished.inc({ verdict: result.verdict });
    metrics.judgeDuration.observe({ verdict: result.verdict }, judgeMs / 1000);
    try {
      await bus.publish({ userId, message: finishedMessage(submissionId, result) });
    } catch (error) {
      // stored; a client that missed this gets it from the store when it (re)subscribes
      logger.warn(`done of ${submissionId} not published: ${(error as Error).message}`);
    }
  };
  return deps.queues.evaluations.consume(handle, { concurrency: deps.concurrency ?? 8 });
}

export interface ReconcilerDeps {
  store: Store;
  queues: Queues;
  logger: Logger;
  /** Submissions unchanged for this long are looked at, in milliseconds. */
  afterMs: number;
  /** Time between passes, in milliseconds. */
  intervalMs: number;
}

export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: ReconcilerDeps) {}

  /** Runs a first pass now (`firstOlderThanMs`, e.g. 0 for an in-process queue that starts empty), then one per interval. */
  start(firstOlderThanMs = this.deps.afterMs): void {
    void this.runPass(firstOlderThanMs);
    this.timer = setInterval(() => void this.runPass(this.deps.afterMs), this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => 0);
  }

  private runPass(olderThanMs: number): Promise<number> {
    if (this.running) return this.running;
    this.running = this.pass(olderThanMs)
      .catch((error: Error) => {
        this.deps.logger.warn(`reconciler: ${error.message}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** One pass; returns how many submissions were queued again. */
  async pass(olderThanMs = this.deps.afterMs): Promise<number> {
    const { store, queues, logger } = this.deps;
    const stuck = await store.listUnfinished({ olderThanMs, limit: 500 });
    let requeued = 0;
    for (const submission of stuck) {
      const judging = await queues.submissions.state(submission.id);
      if (LIVE_STATES.includes(judging)) continue;
      const storing = await queues.evaluations.state(submission.id);
      if (LIVE_STATES.includes(storing)) continue;
      // A finished job whose submission is still open: its result never got stored. Judge again.
      if (judging === 'completed' || judging === 'failed') await queues.submissions.remove(submission.id);
      if (storing === 'completed' || storing === 'failed') await queues.evaluations.remove(submission.id);
      await queues.submissions.add(submission.id, { submissionId: submission.id });
      requeued++;
    }
    if (requeued > 0) logger.info(`reconciler: queued ${requeued} submission(s) that had no job`);
    return requeued;
  }
}
