/**
 * The way back from the status stream to the judge's own events, so that a remote client renders
 * with the same reporters as local judging. Pure: the web page can use it as it is.
 */
import type { JudgeEvent } from '../judge/events.js';
import type { CompileResult, JudgeResult, TestResult } from '../judge/result.js';
import type { StatusMessage, TestStatus } from '../protocol/status.js';

/** A test of the stream as the judge's TestResult: what the stream carries, zeros where a started test has nothing yet. */
function testResultOf(test: TestStatus): TestResult {
  const { index: _index, total: _total, ...shown } = test;
  return { ...shown, verdict: test.verdict ?? 'IE', timeMs: test.timeMs ?? 0, wallMs: test.wallMs ?? 0, memoryKb: test.memoryKb ?? 0 };
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
