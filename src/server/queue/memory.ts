/**
 * The in-process queue of the embedded default: FIFO, a concurrency limit, retries with
 * exponential backoff. Nothing survives the process — submissions stay `pending` in the store and
 * the reconciler queues them again at the next start.
 */
import type { Consumer, Job, JobHandler, JobQueue, JobState, Queues, QueueSettings, EvaluationJob, RunJob, SubmissionJob } from './types.js';

interface Entry<T> {
  id: string;
  data: T;
  attempt: number;
}

export class MemoryQueue<T> implements JobQueue<T> {
  private readonly waiting: Entry<T>[] = [];
  private readonly states = new Map<string, JobState>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private handler: JobHandler<T> | undefined;
  private concurrency = 1;
  private running = 0;
  private readonly idle: (() => void)[] = [];
  private closed = false;

  constructor(
    readonly name: string,
    private readonly settings: Pick<QueueSettings, 'attempts' | 'backoffMs'>,
  ) {}

  async add(jobId: string, data: T): Promise<void> {
    if (this.closed) throw new Error(`queue ${this.name} is closed`);
    if (this.states.has(jobId)) return;
    this.states.set(jobId, 'waiting');
    this.waiting.push({ id: jobId, data, attempt: 1 });
    this.pump();
  }

  async state(jobId: string): Promise<JobState> {
    return this.states.get(jobId) ?? 'missing';
  }

  async remove(jobId: string): Promise<void> {
    const state = this.states.get(jobId);
    if (state === 'failed' || state === 'completed') this.states.delete(jobId);
  }

  async counts() {
    const counts = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    for (const state of this.states.values()) {
      if (state in counts) counts[state as keyof typeof counts]++;
    }
    return counts;
  }

  consume(handler: JobHandler<T>, options: { concurrency: number }): Consumer {
    if (this.handler) throw new Error(`queue ${this.name} has a consumer already`);
    this.handler = handler;
    this.concurrency = Math.max(1, options.concurrency);
    this.pump();
    return {
      close: async () => {
        this.handler = undefined;
        await this.drained();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handler = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.drained();
  }

  private drained(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.handler && this.running < this.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.run(this.handler, entry);
    }
  }

  private run(handler: JobHandler<T>, entry: Entry<T>): void {
    this.running++;
    this.states.set(entry.id, 'active');
    const job: Job<T> = { id: entry.id, data: entry.data, attempt: entry.attempt, maxAttempts: this.settings.attempts };
    // a handler that throws synchronously is a failed attempt like any other
    Promise.resolve()
      .then(() => handler(job))
      .then(
        () => {
          this.states.delete(entry.id);
        },
        () => {
          if (entry.attempt >= this.settings.attempts || this.closed) {
            this.states.set(entry.id, 'failed');
            return;
          }
          this.states.set(entry.id, 'delayed');
          const delay = this.settings.backoffMs * 2 ** (entry.attempt - 1);
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            if (this.closed) return;
            this.states.set(entry.id, 'waiting');
            this.waiting.push({ ...entry, attempt: entry.attempt + 1 });
            this.pump();
          }, delay);
          this.timers.add(timer);
        },
      )
      .finally(() => {
        this.running--;
        if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
        this.pump();
      });
  }
}

export function memoryQueues(settings: Pick<QueueSettings, 'attempts' | 'backoffMs'>): Queues {
  const submissions = new MemoryQueue<SubmissionJob>('submissions', settings);
  const evaluations = new MemoryQueue<EvaluationJob>('evaluations', { attempts: Math.max(settings.attempts, 10), backoffMs: settings.backoffMs });
  // a run that cannot be judged ends as IE at once: the user presses Run again
  const runs = new MemoryQueue<RunJob>('runs', { attempts: 1, backoffMs: settings.backoffMs });
  return {
    kind: 'memory',
    submissions,
    evaluations,
    runs,
    close: async () => {
      await Promise.all([submissions.close(), evaluations.close(), runs.close()]);
    },
  };
}
