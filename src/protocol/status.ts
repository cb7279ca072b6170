/**
 * The status stream: what the worker and the api publish, what socket instances relay and what
 * clients receive over WebSocket. A status message is `{type: 'status', submissionId, status,
 * event, test?, result?, ...}` where `event` says which judge event it stands for (`queued`,
 * `compile-started`, `compile-finished`, `test-started`, `test-finished`, `finished`, or `snapshot`
 * for the stored state).
 */
import { z } from 'zod';
import type { JudgeEvent, SubmissionStatus } from '../judge/events.js';
import { compileResultSchema, judgeResultSchema, verdictSchema, type JudgeResult } from '../judge/result.js';
import { progressSchema, testProgress, testProgressSchema, type Progress } from './progress.js';
import { redactProgress, redactResult, redactTest } from './redact.js';

export const SUBMISSION_STATUSES = ['pending', 'compiling', 'running', 'done'] as const satisfies readonly SubmissionStatus[];
export const submissionStatusSchema = z.enum(SUBMISSION_STATUSES).meta({ description: 'pending → compiling → running → done' });

export const STATUS_EVENTS = ['queued', 'compile-started', 'compile-finished', 'test-started', 'test-finished', 'finished', 'snapshot'] as const;
export type StatusEventKind = (typeof STATUS_EVENTS)[number];

/** One test as the stream shows it: `{index, total, name}` when it starts, its result (no message) when it ends. */
export const testStatusSchema = testProgressSchema.partial({ verdict: true, timeMs: true, wallMs: true, memoryKb: true });
export type TestStatus = z.infer<typeof testStatusSchema>;

export const statusMessageSchema = z.object({
  type: z.literal('status'),
  submissionId: z.string(),
  status: submissionStatusSchema,
  event: z.enum(STATUS_EVENTS),
  language: z.string().optional().meta({ description: 'Language id, on `compile-started`' }),
  compile: compileResultSchema.optional().meta({ description: 'On `compile-finished`' }),
  test: testStatusSchema.optional(),
  verdict: verdictSchema.optional(),
  result: judgeResultSchema.optional().meta({ description: "On `finished` (and `snapshot` when done): the result; hidden tests show verdict, time and memory only" }),
  progress: progressSchema.optional().meta({ description: 'On `snapshot`: how far judging got' }),
});
export type StatusMessage = z.infer<typeof statusMessageSchema>;

/** What a snapshot is made of: a stored submission (the store's Submission has these and more). */
export interface SubmissionState {
  id: string;
  status: SubmissionStatus;
  progress: Progress;
  /** The full result; redacted here before it is sent. */
  result?: JudgeResult;
}

export function queuedMessage(submissionId: string): StatusMessage {
  return { type: 'status', submissionId, status: 'pending', event: 'queued' };
}

/** The message for a judge progress event (`finished` is the api's: it publishes after storing). */
export function messageFromEvent(submissionId: string, event: JudgeEvent): StatusMessage | null {
  switch (event.type) {
    case 'compile-started':
      return { type: 'status', submissionId, status: 'compiling', event: 'compile-started', language: event.language };
    case 'compile-finished':
      return { type: 'status', submissionId, status: 'compiling', event: 'compile-finished', compile: event.compile };
    case 'test-started':
      return { type: 'status', submissionId, status: 'running', event: 'test-started', test: { index: event.index, total: event.total, name: event.name } };
    case 'test-finished':
      return { type: 'status', submissionId, status: 'running', event: 'test-finished', test: redactTest(testProgress(event.index, event.total, event.test)) };
    case 'finished':
      return null;
  }
}

export function finishedMessage(submissionId: string, result: JudgeResult): StatusMessage {
  const shown = redactResult(result);
  return { type: 'status', submissionId, status: 'done', event: 'finished', verdict: shown.verdict, result: shown };
}

/** The stored state of a submission, for a client that subscribes (or comes back). */
export function snapshotMessage(submission: SubmissionState): StatusMessage {
  const message: StatusMessage = { type: 'status', submissionId: submission.id, status: submission.status, event: 'snapshot', progress: redactProgress(submission.progress) };
  if (submission.result) {
    message.result = redactResult(submission.result);
    message.verdict = submission.result.verdict;
  }
  return message;
}
