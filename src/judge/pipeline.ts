/**
 * The judge flow, shared by every front end: compile → run each test → check → aggregate.
 * A program's failure is a verdict in the result; only machinery failure throws.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorCode } from '../errors/catalogue.js';
import type { PrepareOptions, SandboxBackend, SandboxSession } from '../sandbox/types.js';
import { aggregate, scoringTree, shouldJudge, validatorScore } from './aggregate.js';
import type { CheckerError } from './check/custom.js';
import { OutputJudge, type CheckerCache } from './check/judge-output.js';
import { COMPILE_LIMITS, compileProgram } from './compile.js';
import type { JudgeEventListener } from './events.js';
import { LanguageRegistry, type Language } from './languages.js';
import type { Problem, ScoringGroup, TestCase } from './problem/types.js';
import type { JudgeResult, TestResult } from './result.js';
import { runVerdict } from './run-verdict.js';
import { assembleSource } from './source.js';

export interface JudgeOptions {
  /** Run every test instead of stopping at the first failure. @defaultValue false */
  all?: boolean;
  /** Overrides the problem's time limit, in milliseconds (before the language's factor). */
  timeLimitMs?: number;
  /** Overrides the problem's memory limit, in MiB. */
  memoryLimitMb?: number;
  onEvent?: JudgeEventListener;
  signal?: AbortSignal;
  /** Languages for custom checkers. @defaultValue the built-ins */
  languages?: LanguageRegistry;
  /**
   * Compiled checker programs to share between submissions (e.g. `sonocode verify` compiles a
   * package's output validator once). The caller disposes it. @defaultValue one per submission
   */
  checkers?: CheckerCache;
}

export interface SubmissionInput {
  problem: Problem;
  /** The user's code (for function problems, the part between the stubs). */
  source: string;
  language: Language;
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

/** Limits of one test run, from the problem's limits and the options. */
export function testLimits(problem: Problem, language: Language, options: Pick<JudgeOptions, 'timeLimitMs' | 'memoryLimitMb'>) {
  const cpuTimeMs = Math.round((options.timeLimitMs ?? problem.limits.timeLimitMs) * language.timeFactor);
  return {
    cpuTimeMs,
    // Generous enough for start-up and I/O waits, tight enough that a sleeping program is caught.
    wallTimeMs: cpuTimeMs * 2 + 1000,
    memoryMb: options.memoryLimitMb ?? problem.limits.memoryLimitMb,
    outputKb: problem.limits.outputLimitKb,
  };
}

/** Session options sized for compiling and for tests with this memory limit (warm pools use them too). */
export function sessionOptionsFor(memoryMb: number): PrepareOptions {
  return { maxMemoryMb: Math.max(COMPILE_LIMITS.memoryMb, memoryMb + 64) };
}

/** Prepares a session sized for compiling and for the problem's tests. */
export function prepareSession(sandbox: SandboxBackend, memoryMb: number): Promise<SandboxSession> {
  return sandbox.prepare(sessionOptionsFor(memoryMb));
}

export async function judgeSubmission(input: SubmissionInput, sandbox: SandboxBackend, options: JudgeOptions = {}): Promise<JudgeResult> {
  const { problem, language } = input;
  if (problem.timeLimitSource === 'unknown' && options.timeLimitMs === undefined) throw new TimeLimitUnknownError(problem.slug);
  const emit: JudgeEventListener = options.onEvent ?? (() => {});
  const limits = testLimits(problem, language, options);
  const program = assembleSource(problem, input.source, language);
  const scoring = scoringTree(problem);
  const scratch = await mkdtemp(join(tmpdir(), 'sonocode-'));
  const session = await prepareSession(sandbox, limits.memoryMb);
  const outputJudge = new OutputJudge(problem.checker, sandbox, options.languages ?? new LanguageRegistry(), options.checkers);
  try {
    emit({ type: 'compile-started', language: language.id });
    const compiled = await compileProgram(session, language, program);
    emit({ type: 'compile-finished', compile: compiled.compile });
    const tests: TestResult[] = [];
    if (compiled.compile.ok) {
      // Each test starts from the compiled program as it is now, with nothing a previous test left.
      await session.seal();
      const argv = compiled.runArgv(limits.memoryMb);
      const total = problem.testCases.length;
      for (const [index, test] of problem.testCases.entries()) {
        options.signal?.throwIfAborted();
        // Pass-fail problems stop at the first failure; scored ones judge what can still score.
        if (!options.all && !shouldJudge(scoring, test.name, tests)) {
          if (!scoring) break;
          continue;
        }
        emit({ type: 'test-started', index, total, name: test.name });
        const outputPath = join(scratch, `out-${index}`);
        const result = await judgeTest(session, outputJudge, test, argv, limits, outputPath, scoring);
        await rm(outputPath, { force: true });
        tests.push(result);
        emit({ type: 'test-finished', index, total, test: result });
      }
    }
    const result = aggregate({
      problem: problem.slug,
      language: language.id,
      compile: compiled.compile,
      tests,
      totalTests: problem.testCases.length,
      ...(scoring ? { scoring } : {}),
    });
    emit({ type: 'finished', result });
    return result;
  } finally {
    await Promise.allSettled([session.dispose(), outputJudge[Symbol.asyncDispose](), rm(scratch, { recursive: true, force: true })]);
  }
}

async function judgeTest(
  session: SandboxSession,
  outputJudge: OutputJudge,
  test: TestCase,
  argv: string[],
  limits: ReturnType<typeof testLimits>,
  outputPath: string,
  scoring: ScoringGroup | undefined,
): Promise<TestResult> {
  const run = await session.run({
    argv,
    stdin: 'text' in test.input ? { text: test.input.text } : { path: test.input.path },
    stdoutPath: outputPath,
    limits,
  });
  const measured = { name: test.name, timeMs: run.cpuMs, wallMs: run.wallMs, memoryKb: run.memoryKb, sample: test.sample };
  const early = runVerdict(run);
  if (early) return { ...measured, verdict: early.verdict, exitCode: run.exitCode, signal: run.signal, message: early.message };
  try {
    const checked = await outputJudge.check(test, outputPath);
    const score = checked.verdict === 'AC' ? validatorScore(scoring, test.name, checked) : undefined;
    return {
      ...measured,
      verdict: checked.verdict,
      ...(checked.message ? { message: checked.message } : {}),
      ...(score !== undefined ? { score } : {}),
    };
  } catch (error) {
    if ((error as { code?: string }).code === 'CHECKER_FAILED') {
      return { ...measured, verdict: 'IE', message: (error as CheckerError).message };
    }
    throw error;
  }
}
