/**
 * One event stream, many reporters: the judge emits these; the ink view, plain lines, --json,
 * the queue publisher and the WebSocket all listen to the same stream.
 */
import type { CompileResult, JudgeResult, TestResult } from './result.js';

/** Lifecycle of a submission: pending → compiling → running → done. */
export type SubmissionStatus = 'pending' | 'compiling' | 'running' | 'done';

export type JudgeEvent =
  | { type: 'compile-started'; language: string }
  | { type: 'compile-finished'; compile: CompileResult }
  | { type: 'test-started'; index: number; total: number; name: string }
  | { type: 'test-finished'; index: number; total: number; test: TestResult }
  | { type: 'finished'; result: JudgeResult };

export type JudgeEventListener = (event: JudgeEvent) => void;

/** The status a submission is in after an event. */
export function statusAfter(event: JudgeEvent): SubmissionStatus {
  switch (event.type) {
    case 'compile-started':
    case 'compile-finished':
      return 'compiling';
    case 'test-started':
    case 'test-finished':
      return 'running';
    case 'finished':
      return 'done';
  }
}
