/**
 * The judge flow, shared by every front end: compile → run each test → check → aggregate.
 * A program's failure is a verdict in the result; only machinery failure throws.
 *
 * The stages are exposed so that every driver — `submit`, `run`, `verify`, the server's worker,
 * the Run API — goes through the same code:
 * - {@link openJudge} compiles a submission once, in a sandbox session sized for the problem and
 *   sealed after compiling, and returns the {@link CompiledSubmission} bound to that session;
 * - {@link CompiledSubmission.judgeTest} runs the program on one test and checks its output (a
 *   {@link TestResult}); `judgeSample` also returns what the program wrote, and `runOnInput` runs
 *   it on an input of the user's without checking;
 * - {@link checkOutput} is the check stage alone;
 * - `aggregate` (aggregate.ts) is pure: the result from the compile step and the tests.
 *
 * {@link judgeSubmission} drives them for a whole submission.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorCode } from '../errors/catalogue.js';
import { removeFile } from '../sandbox/host-files.js';
import { removePipes } from '../sandbox/pipes.js';
import type { PrepareOptions, RunLimits, RunResult, SandboxBackend, SandboxSession } from '../sandbox/types.js';
import { aggregate, shouldJudge, validatorScore } from './aggregate.js';
import type { CustomSpec } from './check/custom.js';
import { OutputJudge, type CheckerCache } from './check/judge-output.js';
import type { CompileCache } from './compile-cache.js';
import { COMPILE_LIMITS, compileProgram, type CompiledProgram } from './compile.js';
import type { JudgeEventListener } from './events.js';
import { LanguageRegistry, type Language } from './languages.js';
import type { Problem, ScoringGroup, TestCase, TestData } from './problem/types.js';
import type { CompileResult, JudgeResult, TestResult } from './result.js';
import { formatTranscript, interactiveVerdict, interactorLimits, makePipes, RecordedInteraction } from './interactive.js';
import { runVerdict } from './run-verdict.js';
import { assembleProgram } from './source.js';
import type { Verdict } from './verdict.js';

/** What a program wrote that is shown to the user (LeetCode's Run) is cut at this size, in KiB. */
export const SHOWN_OUTPUT_KB = 1024;

/** Limits the caller may set instead of the problem's. */
export interface LimitOverrides {
  /** Overrides the problem's time limit, in milliseconds (before the language's factor). */
  timeLimitMs?: number;
  /** Overrides the problem's memory limit, in MiB. */
  memoryLimitMb?: number;
}

export interface OpenJudgeOptions extends LimitOverrides {
  /** Hears `compile-started` and `compile-finished`. */
  onEvent?: JudgeEventListener;
  /** Checked before the sandbox is asked for a session. */
  signal?: AbortSignal;
  /** Languages for custom checkers. @defaultValue the built-ins */
  languages?: LanguageRegistry;
  /**
   * Compiled checker programs to share between submissions (e.g. `sonocode verify` compiles a
   * package's output validator once). The caller disposes it. @defaultValue one per submission
   */
  checkers?: CheckerCache;
  /** Compiled programs to reuse: judging unchanged source again skips the compiler. @defaultValue none */
  compileCache?: CompileCache | null;
}

export interface JudgeOptions extends OpenJudgeOptions {
  /** Run every test instead of stopping at the first failure. @defaultValue false */
  all?: boolean;
  /** Hears every event of the submission: compile, each test, the result. */
  onEvent?: JudgeEventListener;
  /** Checked before each test: judging stops (throwing the abort reason) between tests. */
  signal?: AbortSignal;
}

export interface SubmissionInput {
  problem: Problem;
  /** The user's code (for function problems, the part between the stubs). */
  source: string;
  language: Language;
  /** The user's file name, for the places messages name (`sol.cpp:2:3`). @defaultValue `solution.<ext>` for function problems, else the program's */
  fileName?: string;
}

/**
 * The problem (an ICPC package) gives no time limit and none was passed: a usage error (exit 2),
 * since the time limit must come from `--time-limit-ms` or from `sonocode verify`'s inference.
 */
export class TimeLimitUnknownError extends Error {
  readonly code = 'PROBLEM_TIME_LIMIT_UNKNOWN' satisfies ErrorCode;
  readonly hint: string;

  constructor(problem: string) {
    super(`the package ${problem} gives no time limit (no limits.time_limit in problem.yaml and no .timelimit file)`);
    this.name = 'TimeLimitUnknownError';
    this.hint = 'give one with --time-limit-ms N, or run `sonocode verify` on the package to infer it from its accepted submissions';
  }
}

/** Limits of one run of the judged program (the sandbox's, without the stderr cap). */
export type TestLimits = Omit<RunLimits, 'stderrKb'>;

/**
 * The guard of every judging: a problem without a time limit (an ICPC package that gives none) is
 * judged only with one given.
 * @throws TimeLimitUnknownError when the problem gives no time limit and no override does
 */
export function assertTimeLimitKnown(problem: Pick<Problem, 'slug' | 'timeLimitSource'>, overrides: LimitOverrides): void {
  if (problem.timeLimitSource === 'unknown' && overrides.timeLimitMs === undefined) throw new TimeLimitUnknownError(problem.slug);
}

/**
 * Limits of one test run, from the problem's limits, the language's time factor and the overrides.
 * @throws TimeLimitUnknownError when the problem gives no time limit and no override does
 */
export function testLimits(problem: Problem, language: Language, overrides: LimitOverrides = {}): TestLimits {
  assertTimeLimitKnown(problem, overrides);
  const cpuTimeMs = Math.round((overrides.timeLimitMs ?? problem.limits.timeLimitMs) * language.timeFactor);
  return {
    cpuTimeMs,
    // Generous enough for start-up and I/O waits, tight enough that a sleeping program is caught.
    wallTimeMs: cpuTimeMs * 2 + 1000,
    memoryMb: overrides.memoryLimitMb ?? problem.limits.memoryLimitMb,
    outputKb: problem.limits.outputLimitKb,
  };
}

/** Session options sized for compiling and for tests with this memory limit (warm pools use them too). */
export function sessionOptionsFor(memoryMb: number): PrepareOptions {
  return { maxMemoryMb: Math.max(COMPILE_LIMITS.memoryMb, memoryMb + 64) };
}

/** A run of the program on an input of the user's (LeetCode's Run with a custom input): not checked. */
export interface ProgramRun {
  /** AC when the program ran and exited normally (its output is not checked); else RE, TLE, MLE or OLE. */
  verdict: Verdict;
  message?: string;
  /** What it wrote on standard output, at most {@link SHOWN_OUTPUT_KB} (more is OLE). */
  stdout: string;
  /** What it wrote on standard error (capped by the sandbox). */
  stderr: string;
  /** CPU time, in milliseconds. */
  timeMs: number;
  wallMs: number;
  /** Peak memory, in KiB. */
  memoryKb: number;
  exitCode: number | null;
  signal: string | null;
}

/** What the program wrote on a sample, to show next to the expected output. */
export interface ProgramOutput {
  /** Standard output, cut at {@link SHOWN_OUTPUT_KB}; for an interactive problem, the exchange (`> ` the program's lines, `< ` the interactor's). */
  stdout: string;
  stderr: string;
  /** `stdout` is an interaction's transcript, not an output to compare with the expected one. */
  exchange?: boolean;
}

/**
 * The compile stage: prepares a session sized for the problem's limits, compiles the submission
 * (wrapped in the problem's stubs) in it, and seals the session so that every later run starts from
 * the compiled program with nothing an earlier run left. Compiling is done once; the returned
 * submission then judges any number of tests, one at a time, in that session. Dispose it (`await
 * using`) to release the session, the checkers it compiled and its scratch files.
 *
 * A compile error is not an exception: the result's `compile.ok` is false and nothing can run.
 * @throws TimeLimitUnknownError when the problem gives no time limit and the options none
 * @throws SandboxError when the sandbox fails
 */
export async function openJudge(input: SubmissionInput, sandbox: SandboxBackend, options: OpenJudgeOptions = {}): Promise<CompiledSubmission> {
  const { problem, language } = input;
  const limits = testLimits(problem, language, options);
  const emit: JudgeEventListener = options.onEvent ?? (() => {});
  options.signal?.throwIfAborted();
  const session = await sandbox.prepare(sessionOptionsFor(limits.memoryMb));
  try {
    emit({ type: 'compile-started', language: language.id });
    const program = await compileProgram(session, language, assembleProgram(problem, input.source, language), {
      ...(input.fileName ? { userFileName: input.fileName } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      cache: options.compileCache ?? null,
    });
    emit({ type: 'compile-finished', compile: program.compile });
    if (program.compile.ok) await session.seal();
    const scratch = await mkdtemp(join(tmpdir(), 'sonocode-'));
    const outputJudge = new OutputJudge(problem.checker, sandbox, options.languages ?? new LanguageRegistry(), options.checkers);
    return new CompiledSubmission(session, program, limits, scratch, outputJudge, options.signal, problem.interactor);
  } catch (error) {
    await session.dispose();
    throw error;
  }
}

/** A compiled submission bound to its sealed session: runs and judges its program, one run at a time. */
export class CompiledSubmission implements AsyncDisposable {
  private runs = 0;
  private disposed = false;

  /** Made by {@link openJudge}. */
  constructor(
    private readonly session: SandboxSession,
    private readonly program: CompiledProgram,
    /** The limits every test runs with. */
    readonly limits: TestLimits,
    /** A host folder for the program's output files, removed on dispose. */
    private readonly scratch: string,
    private readonly outputJudge: OutputJudge,
    /** Stops a run at once (Ctrl-C). */
    private readonly signal?: AbortSignal,
    /** The problem's interactor: each test is then an interaction (interactive.ts). */
    private readonly interactor?: CustomSpec,
  ) {}

  get compile(): CompileResult {
    return this.program.compile;
  }

  /** The program compiled: tests can run. */
  get ok(): boolean {
    return this.program.compile.ok;
  }

  /**
   * Runs the program on a test and checks its output: the test's verdict, time and memory.
   * @param options.scoring - the problem's scoring tree, for the score an output validator gives
   * @throws when the submission did not compile, or the sandbox fails
   */
  async judgeTest(test: TestCase, options: { scoring?: ScoringGroup } = {}): Promise<TestResult> {
    if (this.interactor) return (await this.interact(test, this.interactor, false)).result;
    return this.judgeThen(test, options.scoring, async (result) => result);
  }

  /**
   * One interactive test: the program and the problem's interactor run together, each in its own
   * sandbox, connected by two named pipes; the verdict follows who ended first (interactive.ts).
   * The figures are the program's alone.
   */
  private async interact(test: TestCase, spec: CustomSpec, record: boolean): Promise<{ result: TestResult; transcript?: string }> {
    if (!this.ok) throw new Error('the submission did not compile: there is no program to run');
    let interactor;
    try {
      interactor = await this.outputJudge.program(spec);
    } catch (error) {
      if ((error as { code?: string }).code !== 'CHECKER_FAILED') throw error;
      return { result: { name: test.name, timeMs: 0, wallMs: 0, memoryKb: 0, sample: test.sample, verdict: 'IE', message: (error as Error).message } };
    }
    const name = `pipe-${this.runs++}`;
    const recorded = record ? await RecordedInteraction.open(this.scratch, name) : undefined;
    const direct = recorded ? undefined : await makePipes(this.scratch, name);
    const programPipes = recorded?.program ?? direct!;
    try {
      const { interactor: ended, submission: run } = await interactor.interact(
        { input: test.input, expected: test.output, ...(test.checkerArgs ? { args: test.checkerArgs } : {}) },
        recorded?.interactor ?? direct!,
        interactorLimits(this.limits),
        () =>
          this.session.run({
            argv: this.program.runArgv(this.limits.memoryMb),
            stdin: { path: programPipes.toSubmission },
            stdoutPath: programPipes.fromSubmission,
            limits: this.limits,
            ...(this.signal ? { signal: this.signal } : {}),
          }),
      );
      const judged = interactiveVerdict(run, ended, this.program.mapPlaces);
      const result: TestResult = {
        name: test.name,
        timeMs: run.cpuMs,
        wallMs: run.wallMs,
        memoryKb: run.memoryKb,
        sample: test.sample,
        verdict: judged.verdict,
        ...(judged.verdict !== 'AC' && judged.verdict !== 'WA' ? { exitCode: run.exitCode, signal: run.signal } : {}),
        ...(judged.message ? { message: judged.message } : {}),
      };
      return { result, ...(recorded ? { transcript: formatTranscript(await recorded.transcript()) } : {}) };
    } finally {
      await removePipes([programPipes, ...(recorded ? [recorded.interactor] : [])].flatMap((pair) => [pair.toSubmission, pair.fromSubmission]));
    }
  }

  /**
   * {@link judgeTest}, and what the program wrote, to be shown to the user next to the expected
   * output. For samples only: a hidden test's output must not leave the judge.
   */
  async judgeSample(test: TestCase, options: { scoring?: ScoringGroup } = {}): Promise<{ result: TestResult; output: ProgramOutput }> {
    if (this.interactor) {
      // what the program wrote is shown as the exchange: its lines (`>`) and the interactor's (`<`)
      const { result, transcript } = await this.interact(test, this.interactor, true);
      return { result, output: { stdout: transcript ?? '', stderr: '', exchange: true } };
    }
    return this.judgeThen(test, options.scoring, async (result, run, outputPath) => ({
      result,
      output: { stdout: await readHead(outputPath, SHOWN_OUTPUT_KB), stderr: run.stderr },
    }));
  }

  /** Runs and checks a test, then lets `then` read what it needs before the output file goes. */
  private async judgeThen<T>(
    test: TestCase,
    scoring: ScoringGroup | undefined,
    then: (result: TestResult, run: RunResult, outputPath: string) => Promise<T>,
  ): Promise<T> {
    const { run, outputPath } = await this.runProgram(test.input, this.limits);
    try {
      const result = await judgedTest(test, run, this.program.mapPlaces, () => checkOutput(this.outputJudge, test, outputPath, scoring));
      return await then(result, run, outputPath);
    } finally {
      await removeFile(outputPath);
    }
  }

  /**
   * Runs the program on an input of the user's and returns what it wrote, unchecked. Its output is
   * limited to {@link SHOWN_OUTPUT_KB} (or the problem's output limit, if smaller).
   */
  async runOnInput(stdin: TestData): Promise<ProgramRun> {
    if (this.interactor) {
      // The input is the interactor's (the test it judges with, also as its answer); what is shown is the exchange.
      const test: TestCase = { name: 'input', sample: false, input: stdin, output: stdin };
      const { result, transcript } = await this.interact(test, this.interactor, true);
      return {
        verdict: result.verdict,
        ...(result.message ? { message: result.message } : {}),
        stdout: transcript ?? '',
        stderr: '',
        timeMs: result.timeMs,
        wallMs: result.wallMs,
        memoryKb: result.memoryKb,
        exitCode: result.exitCode ?? (result.verdict === 'RE' ? null : 0),
        signal: result.signal ?? null,
      };
    }
    const limits = { ...this.limits, outputKb: Math.min(this.limits.outputKb, SHOWN_OUTPUT_KB) };
    const { run, outputPath } = await this.runProgram(stdin, limits);
    try {
      const early = runVerdict(run, { mapPlaces: this.program.mapPlaces });
      return {
        verdict: early?.verdict ?? 'AC',
        ...(early?.message ? { message: early.message } : {}),
        stdout: await readHead(outputPath, SHOWN_OUTPUT_KB),
        stderr: run.stderr,
        timeMs: run.cpuMs,
        wallMs: run.wallMs,
        memoryKb: run.memoryKb,
        exitCode: run.exitCode,
        signal: run.signal,
      };
    } finally {
      await removeFile(outputPath);
    }
  }

  /** The one place the judged program runs: its standard output goes to a host file of the scratch folder. */
  private async runProgram(stdin: TestData, limits: TestLimits): Promise<{ run: RunResult; outputPath: string }> {
    if (!this.ok) throw new Error('the submission did not compile: there is no program to run');
    if (this.disposed) throw new Error('the compiled submission was disposed');
    const outputPath = join(this.scratch, `out-${this.runs++}`);
    const run = await this.session.run({
      argv: this.program.runArgv(limits.memoryMb),
      stdin: 'text' in stdin ? { text: stdin.text } : { path: stdin.path },
      stdoutPath: outputPath,
      limits,
      ...(this.signal ? { signal: this.signal } : {}),
    });
    return { run, outputPath };
  }

  /** Releases the session, the checkers compiled for it (unless shared) and the scratch folder. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled([this.session.dispose(), this.outputJudge[Symbol.asyncDispose](), rm(this.scratch, { recursive: true, force: true })]);
  }
}

/** A test's result from its run: the run's own verdict when it did not end normally, else the check's. */
async function judgedTest(test: TestCase, run: RunResult, mapPlaces: (text: string) => string, check: () => Promise<Checked>): Promise<TestResult> {
  const measured = { name: test.name, timeMs: run.cpuMs, wallMs: run.wallMs, memoryKb: run.memoryKb, sample: test.sample };
  const early = runVerdict(run, { mapPlaces });
  if (early) return { ...measured, verdict: early.verdict, exitCode: run.exitCode, signal: run.signal, message: early.message };
  return { ...measured, ...(await check()) };
}

type Checked = Pick<TestResult, 'verdict' | 'message' | 'score'>;

/**
 * The check stage: the verdict of a program's output (a host file) on a test, with the test's
 * checker — a comparator, or a checker program. A checker program that cannot be built is the
 * problem's fault, not the machinery's: the test is IE with the compiler's message.
 * @param scoring - the problem's scoring tree, for the score an output validator gives
 */
export async function checkOutput(outputJudge: OutputJudge, test: TestCase, outputPath: string, scoring?: ScoringGroup): Promise<Checked> {
  try {
    const checked = await outputJudge.check(test, outputPath);
    const score = checked.verdict === 'AC' ? validatorScore(scoring, test.name, checked) : undefined;
    return {
      verdict: checked.verdict,
      ...(checked.message ? { message: checked.message } : {}),
      ...(score !== undefined ? { score } : {}),
    };
  } catch (error) {
    if ((error as { code?: string }).code === 'CHECKER_FAILED') return { verdict: 'IE', message: (error as Error).message };
    throw error;
  }
}

/**
 * Judges a whole submission: compiles it once, runs the tests in order in one session, and
 * aggregates. Pass-fail problems stop at the first failure (unless `all`); problems with scoring
 * groups judge every test that can still score.
 * @throws TimeLimitUnknownError when the problem gives no time limit and the options none
 * @throws the abort reason when `signal` fires; SandboxError when the sandbox fails
 */
export async function judgeSubmission(input: SubmissionInput, sandbox: SandboxBackend, options: JudgeOptions = {}): Promise<JudgeResult> {
  const { problem, language } = input;
  const emit: JudgeEventListener = options.onEvent ?? (() => {});
  const scoring = problem.scoring;
  await using judge = await openJudge(input, sandbox, options);
  const tests = judge.ok ? await judgeTests(judge, problem.testCases, scoring, options) : [];
  const result = {
    ...aggregate({
      problem: problem.slug,
      language: language.id,
      compile: judge.compile,
      tests,
      totalTests: problem.testCases.length,
      ...(scoring ? { scoring } : {}),
    }),
    sandbox: sandbox.name,
  };
  emit({ type: 'finished', result });
  return result;
}

/** The tests that matter, in order, each announced before and after it is judged. */
async function judgeTests(judge: CompiledSubmission, testCases: readonly TestCase[], scoring: ScoringGroup | undefined, options: JudgeOptions): Promise<TestResult[]> {
  const emit: JudgeEventListener = options.onEvent ?? (() => {});
  const tests: TestResult[] = [];
  const total = testCases.length;
  for (const [index, test] of testCases.entries()) {
    options.signal?.throwIfAborted();
    // Pass-fail problems stop at the first failure; scored ones judge what can still score.
    if (!options.all && !shouldJudge(scoring, test.name, tests)) {
      if (!scoring) break;
      continue;
    }
    emit({ type: 'test-started', index, total, name: test.name });
    const result = await judge.judgeTest(test, { scoring });
    tests.push(result);
    emit({ type: 'test-finished', index, total, test: result });
  }
  return tests;
}

/** The first `maxKb` KiB of a file, as text. */
async function readHead(path: string, maxKb: number): Promise<string> {
  const file = await open(path);
  try {
    const buffer = Buffer.alloc(Math.min(maxKb * 1024, (await file.stat()).size));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}
