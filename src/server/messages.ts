/**
 * The status stream on the wire: what the worker and the api publish, what socket instances relay
 * and what clients receive over WebSocket — and the way back to the judge's own events, so that a
 * remote client renders with the same reporters as local judging.
 *
 * A status message is `{type: 'status', submissionId, status, event, test?, result?, ...}` where
 * `event` says which judge event it stands for (`queued`, `compile-started`, `compile-finished`,
 * `test-started`, `test-finished`, `finished`, or `snapshot` for the stored state).
 */
import type { JudgeEvent, SubmissionStatus } from '../judge/events.js';
import type { CompileResult, JudgeResult, TestResult } from '../judge/result.js';
import type { Verdict } from '../judge/verdict.js';
import type { ErrorCode } from './errors.js';
import { redactResult } from './problems.js';
import type { Progress, Submission, TestProgress } from './store/types.js';

export type StatusEventKind =
  | 'queued'
  | 'compile-started'
  | 'compile-finished'
  | 'test-started'
  | 'test-finished'
  | 'finished'
  | 'snapshot';

/** One test as the stream shows it: no messages, no data. */
export interface TestStatus {
  index: number;
  total: number;
  name: string;
  verdict?: Verdict;
  timeMs?: number;
  wallMs?: number;
  memoryKb?: number;
  sample?: boolean;
}

export interface StatusMessage {
  type: 'status';
  submissionId: string;
  status: SubmissionStatus;
  event: StatusEventKind;
  /** Language id, on `compile-started`. */
  language?: string;
  /** On `compile-finished`. */
  compile?: CompileResult;
  test?: TestStatus;
  verdict?: Verdict;
  /** On `finished` (and `snapshot` when done): the result, hidden tests' messages removed. */
  result?: JudgeResult;
  /** On `snapshot`: how far judging got. */
  progress?: Progress;
}

/** What a socket instance receives: a message and whose it is. */
export interface RoutedStatus {
  userId: string;
  message: StatusMessage;
}

export type ServerFrame =
  | StatusMessage
  | { type: 'ready'; userId: string; instanceId: string }
  | { type: 'error'; code: ErrorCode; message: string; submissionId?: string }
  | { type: 'pong' };

export type ClientFrame = { type: 'auth'; token: string } | { type: 'subscribe'; submissionId: string } | { type: 'ping' };

export function queuedMessage(submissionId: string): StatusMessage {
  return { type: 'status', submissionId, status: 'pending', event: 'queued' };
}

export function testStatus(index: number, total: number, test: TestResult): TestStatus {
  return {
    index,
    total,
    name: test.name,
    verdict: test.verdict,
    timeMs: test.timeMs,
    wallMs: test.wallMs,
    memoryKb: test.memoryKb,
    ...(test.sample !== undefined ? { sample: test.sample } : {}),
  };
}

/** The message for a judge progress event (`finished` is the api's: it publishes after storing). */
export function messageFromEvent(submissionId: string, event: JudgeEvent): StatusMessage | null {
  switch (event.type) {
    case 'compile-started':
      return { type: 'status', submissionId, status: 'compiling', event: 'compile-started', language: event.language };
    case 'compile-finished':
      return { type: 'status', submissionId, status: 'compiling', event: 'compile-finished', compile: event.compile };
    case 'test-started':
      return {
        type: 'status',
        submissionId,
        status: 'running',
        event: 'test-started',
        test: { index: event.index, total: event.total, name: event.name },
      };
    case 'test-finished':
      return { type: 'status', submissionId, status: 'running', event: 'test-finished', test: testStatus(event.index, event.total, event.test) };
    case 'finished':
      return null;
  }
}

export function finishedMessage(submissionId: string, result: JudgeResult): StatusMessage {
  const shown = redactResult(result);
  return { type: 'status', submissionId, status: 'done', event: 'finished', verdict: shown.verdict, result: shown };
}

/** The stored state of a submission, for a client that subscribes (or comes back). */
export function snapshotMessage(submission: Submission): StatusMessage {
  const message: StatusMessage = {
    type: 'status',
    submissionId: submission.id,
    status: submission.status,
    event: 'snapshot',
    progress: submission.progress,
  };
  if (submission.result) {
    message.result = redactResult(submission.result);
    message.verdict = submission.result.verdict;
  }
  return message;
}

/** Rank of a judge event in a submission's progress: only higher ranks move it forward. */
export function progressRank(event: JudgeEvent): number {
  switch (event.type) {
    case 'compile-started':
      return 1;
    case 'compile-finished':
      return 2;
    case 'test-started':
      return 3 + 2 * event.index;
    case 'test-finished':
      return 4 + 2 * event.index;
    case 'finished':
      return Number.MAX_SAFE_INTEGER;
  }
}

/** Progress after one more event. */
export function advanceProgress(progress: Progress, event: JudgeEvent): Progress {
  const rank = progressRank(event);
  switch (event.type) {
    case 'compile-started':
      return { ...progress, rank, language: event.language };
    case 'compile-finished':
      return { ...progress, rank, compile: event.compile };
    case 'test-started':
      return { ...progress, rank, current: { index: event.index, total: event.total, name: event.name } };
    case 'test-finished': {
      const done: TestProgress = {
        index: event.index,
        total: event.total,
        name: event.test.name,
        verdict: event.test.verdict,
        timeMs: event.test.timeMs,
        wallMs: event.test.wallMs,
        memoryKb: event.test.memoryKb,
        ...(event.test.sample !== undefined ? { sample: event.test.sample } : {}),
      };
      const { current: _current, ...rest } = progress;
      return { ...rest, rank, tests: [...progress.tests.filter((test) => test.index !== event.index), done] };
    }
    case 'finished':
      return progress;
  }
}

// ---------------------------------------------------------------------------------------------
// Back to judge events

function testResultOf(test: TestStatus | TestProgress): TestResult {
  return {
    name: test.name,
    verdict: test.verdict ?? 'IE',
    timeMs: test.timeMs ?? 0,
    wallMs: test.wallMs ?? 0,
    memoryKb: test.memoryKb ?? 0,
    ...(test.sample !== undefined ? { sample: test.sample } : {}),
  };
}

/**
 * Turns the status messages of one submission back into judge events, each delivered once and in
 * order, whatever arrives twice, late or as a snapshot (a reconnecting client, a re-judged
 * submission). Returns the result once `finished` was delivered.
 */
export class JudgeEventReplay {
  private compileStarted = false;
  private compileFinished = false;
  private readonly testsStarted = new Set<number>();
  private readonly testsFinished = new Set<number>();
  /** The number of tests of the problem, as the stream last said. */
  private total = 0;
  private result: JudgeResult | undefined;

  constructor(
    private readonly submissionId: string,
    private readonly emit: (event: JudgeEvent) => void,
    /** The language id, for a compile-started event made up from a snapshot. */
    private readonly language = '',
  ) {}

  get done(): JudgeResult | undefined {
    return this.result;
  }

  /** Feeds one message; messages of other submissions are ignored. */
  accept(message: StatusMessage): void {
    if (message.submissionId !== this.submissionId || this.result) return;
    switch (message.event) {
      case 'queued':
        return;
      case 'compile-started':
        this.startCompile(message.language);
        return;
      case 'compile-finished':
        if (message.compile) this.finishCompile(message.compile);
        return;
      case 'test-started':
        if (message.test) this.startTest(message.test.index, message.test.total, message.test.name);
        return;
      case 'test-finished':
        if (message.test) this.finishTest(message.test.index, message.test.total, testResultOf(message.test));
        return;
      case 'finished':
        if (message.result) this.finish(message.result);
        return;
      case 'snapshot':
        this.applySnapshot(message);
        return;
    }
  }

  private applySnapshot(message: StatusMessage): void {
    const progress = message.progress;
    if (progress && progress.rank > 0) this.startCompile(progress.language);
    if (progress?.compile) this.finishCompile(progress.compile);
    for (const test of [...(progress?.tests ?? [])].sort((a, b) => a.index - b.index)) {
      this.finishTest(test.index, test.total, testResultOf(test));
    }
    if (progress?.current) this.startTest(progress.current.index, progress.current.total, progress.current.name);
    if (message.status === 'done' && message.result) this.finish(message.result);
  }

  private startCompile(language: string | undefined): void {
    if (this.compileStarted) return;
    this.compileStarted = true;
    this.emit({ type: 'compile-started', language: language ?? this.language });
  }

  private finishCompile(compile: CompileResult): void {
    this.startCompile(undefined);
    if (this.compileFinished) return;
    this.compileFinished = true;
    this.emit({ type: 'compile-finished', compile });
  }

  private startTest(index: number, total: number, name: string): void {
    this.total = Math.max(this.total, total);
    if (this.testsStarted.has(index)) return;
    if (!this.compileFinished) this.finishCompile({ ok: true, timeMs: 0, output: '' });
    // earlier tests we never heard of cannot be made up; the final result carries them
    this.testsStarted.add(index);
    this.emit({ type: 'test-started', index, total, name });
  }

  private finishTest(index: number, total: number, test: TestResult): void {
    if (this.testsFinished.has(index)) return;
    this.startTest(index, total, test.name);
    this.testsFinished.add(index);
    this.emit({ type: 'test-finished', index, total, test });
  }

  private finish(result: JudgeResult): void {
    if (this.result) return;
    // an internal error before compiling (no sandbox) has no compile step to show
    const nothingRan = result.verdict === 'IE' && result.tests.length === 0 && !result.compile.ok && result.compile.output === '';
    if (!nothingRan || this.compileStarted) this.finishCompile(result.compile);
    const total = Math.max(result.tests.length, this.total);
    result.tests.forEach((test, index) => this.finishTest(index, total, test));
    this.result = result;
    this.emit({ type: 'finished', result });
  }
}
