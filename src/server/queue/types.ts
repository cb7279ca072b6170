/**
 * The two queues of the system description — `submissions` (api → workers) and `evaluations`
 * (workers → api) — and `runs` (api → workers: LeetCode's Run, judged ahead of submissions)
 * behind one small interface: in-process for the embedded default, BullMQ over
 * Redis for separate processes. A job is named by the submission's id, so adding it twice while
 * it exists is a no-op (the reconciler relies on that).
 */
import type { JudgeResult } from '../../judge/result.js';

/** A submission to judge: only its id; the worker reads code and problem from the store. */
export interface SubmissionJob {
  submissionId: string;
}

/** A finished judging, on its way back to the api. */
export interface EvaluationJob {
  submissionId: string;
  userId: string;
  result: JudgeResult;
  /** Wall time the worker spent judging, in milliseconds. */
  judgeMs: number;
  /** Which attempt of the submission job produced it (1-based). */
  attempt: number;
  workerId: string;
}

/**
 * A run to judge (LeetCode's Run): everything it needs rides with the job, since a run is never
 * stored; the worker reads only the problem from the store. The job's id is the run's.
 */
export interface RunJob {
  runId: string;
  userId: string;
  /** The problem's id (resolved by the api). */
  problemId: string;
  language: string;
  code: string;
  /** Standard input of the user's; without it the samples are judged. */
  input?: string;
  /** When the api accepted it (ISO 8601). */
  createdAt: string;
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'missing';

/** Live states: the job will still run (or is running). */
export const LIVE_STATES: readonly JobState[] = ['waiting', 'active', 'delayed'];

export interface Job<T> {
  id: string;
  data: T;
  /** 1 for the first try; grows with each failed try. */
  attempt: number;
  /** Tries allowed before the job fails for good. */
  maxAttempts: number;
}

/** Completes the job when it resolves; a throw fails this attempt (retried with backoff until the last). */
export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export interface Consumer {
  /** Stops taking jobs and waits for the running ones to end. */
  close(): Promise<void>;
}

export interface JobQueue<T> {
  readonly name: string;
  /** Adds a job, unless a job with this id exists (in any state the queue still remembers). */
  add(jobId: string, data: T): Promise<void>;
  state(jobId: string): Promise<JobState>;
  /** Forgets a finished (completed or failed) job so that its id can be added again. */
  remove(jobId: string): Promise<void>;
  counts(): Promise<{ waiting: number; active: number; delayed: number; failed: number }>;
  consume(handler: JobHandler<T>, options: { concurrency: number }): Consumer;
  close(): Promise<void>;
}

export interface QueueSettings {
  /** Tries of a job. @defaultValue 5 */
  attempts: number;
  /** First retry delay, doubling after each failure, in milliseconds. @defaultValue 1000 */
  backoffMs: number;
  /** Lock of an active job, renewed at half of it (BullMQ), in milliseconds. */
  lockDurationMs: number;
  /** Stalled-job check interval (BullMQ), in milliseconds. */
  stalledIntervalMs: number;
}

export interface Queues {
  readonly kind: 'memory' | 'redis';
  readonly submissions: JobQueue<SubmissionJob>;
  readonly evaluations: JobQueue<EvaluationJob>;
  readonly runs: JobQueue<RunJob>;
  close(): Promise<void>;
}
