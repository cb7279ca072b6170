/**
 * The queues over Redis (BullMQ): `submissions`, `evaluations` and `runs`, with the prefix `sonocode`.
 * Workers hold a lock on the job they run and renew it while judging; a worker that dies stops
 * renewing, and another worker's stalled-job check puts the job back (BullMQ stalled detection).
 */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '../logger.js';
import type { Redis } from '../redis.js';
import type { Consumer, EvaluationJob, JobHandler, JobQueue, JobState, Queues, QueueSettings, RunJob, SubmissionJob } from './types.js';

export const QUEUE_PREFIX = 'sonocode';

/** Completed jobs are kept this long, so that re-adding a finished id stays a no-op meanwhile. */
const KEEP_COMPLETED_S = 3600;
const KEEP_FAILED_S = 7 * 86400;

function throttled(logger: Logger, what: string): (error: Error) => void {
  let last = 0;
  return (error) => {
    const now = Date.now();
    if (now - last < 5000) return;
    last = now;
    logger.warn(`${what}: ${error.message}`);
  };
}

export class BullJobQueue<T> implements JobQueue<T> {
  private readonly queue: Queue;
  private readonly workers = new Set<Worker>();

  constructor(
    readonly name: string,
    private readonly connection: Redis,
    private readonly settings: QueueSettings,
    private readonly logger: Logger,
  ) {
    this.queue = new Queue(name, {
      connection: connection as unknown as ConnectionOptions,
      prefix: QUEUE_PREFIX,
      defaultJobOptions: {
        attempts: settings.attempts,
        backoff: { type: 'exponential', delay: settings.backoffMs },
        removeOnComplete: { age: KEEP_COMPLETED_S },
        removeOnFail: { age: KEEP_FAILED_S },
      },
    });
    this.queue.on('error', throttled(logger, `queue ${name}`));
  }

  async add(jobId: string, data: T): Promise<void> {
    await this.queue.add(this.name, data, { jobId });
  }

  async state(jobId: string): Promise<JobState> {
    const state = await this.queue.getJobState(jobId);
    switch (state) {
      case 'waiting':
      case 'waiting-children':
      case 'prioritized':
        return 'waiting';
      case 'active':
      case 'delayed':
      case 'completed':
      case 'failed':
        return state;
      default:
        return 'missing';
    }
  }

  async remove(jobId: string): Promise<void> {
    const state = await this.state(jobId);
    if (state === 'completed' || state === 'failed') await this.queue.remove(jobId);
  }

  async counts() {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
    };
  }

  consume(handler: JobHandler<T>, options: { concurrency: number }): Consumer {
    const worker = new Worker(
      this.name,
      async (job) => {
        await handler({
          id: job.id ?? '',
          data: job.data as T,
          attempt: job.attemptsMade + 1,
          maxAttempts: job.opts.attempts ?? this.settings.attempts,
        });
      },
      {
        connection: this.connection as unknown as ConnectionOptions,
        prefix: QUEUE_PREFIX,
        concurrency: options.concurrency,
        lockDuration: this.settings.lockDurationMs,
        stalledInterval: this.settings.stalledIntervalMs,
        // a worker killed again and again on the same job (a crash it causes) fails it at last
        maxStalledCount: 3,
      },
    );
    worker.on('error', throttled(this.logger, `worker of ${this.name}`));
    this.workers.add(worker);
    return {
      close: async () => {
        this.workers.delete(worker);
        await worker.close();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers].map((worker) => worker.close()));
    this.workers.clear();
    await this.queue.close();
  }
}

export function redisQueues(connection: Redis, settings: QueueSettings, logger: Logger): Queues {
  const submissions = new BullJobQueue<SubmissionJob>('submissions', connection, settings, logger);
  const evaluations = new BullJobQueue<EvaluationJob>('evaluations', connection, { ...settings, attempts: Math.max(settings.attempts, 10) }, logger);
  // a run that cannot be judged ends as IE at once: the user presses Run again
  const runs = new BullJobQueue<RunJob>('runs', connection, { ...settings, attempts: 1 }, logger);
  return {
    kind: 'redis',
    submissions,
    evaluations,
    runs,
    close: async () => {
      await Promise.all([submissions.close(), evaluations.close(), runs.close()]);
    },
  };
}
