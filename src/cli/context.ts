/** What every command receives: the validated config, the streams, the abort signal and its dependencies. */
import type { LanguageRegistry } from '../judge/languages.js';
import type { JudgeOptions, SubmissionInput } from '../judge/pipeline.js';
import type { Problem, TestCase } from '../judge/problem/types.js';
import type { CompileResult, JudgeResult } from '../judge/result.js';
import type { ProgramRun } from '../judge/run-program.js';
import type { DoctorReport } from '../sandbox/doctor.js';
import type { SandboxBackend } from '../sandbox/types.js';
import type { CliConfig } from './config.js';

/** The process's streams, or fakes in tests. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** The program's output for one test, judged the way `submit` would judge it. */
export interface OutputChecker extends AsyncDisposable {
  check(test: TestCase, output: string): Promise<{ verdict: 'AC' | 'WA' | 'IE'; message?: string }>;
}

/**
 * The judge and sandbox, as the commands use them. The defaults (src/cli/deps.ts) load each module
 * on first use, so that `sonocode problems schema` never loads dockerode; tests pass fakes.
 */
export interface Deps {
  loadProblem(path: string): Promise<Problem>;
  /** The built-in languages, extended by the YAML file when one is given. */
  languages(file?: string): Promise<LanguageRegistry>;
  createSandbox(): Promise<SandboxBackend>;
  judgeSubmission(input: SubmissionInput, sandbox: SandboxBackend, options: JudgeOptions): Promise<JudgeResult>;
  runProgram(
    input: SubmissionInput & { stdin: { text: string } | { path: string } },
    sandbox: SandboxBackend,
    options: { timeLimitMs?: number; memoryLimitMb?: number },
  ): Promise<{ compile: CompileResult; run?: ProgramRun }>;
  outputChecker(problem: Problem, sandbox: SandboxBackend, languages: LanguageRegistry): Promise<OutputChecker>;
  diagnose(): Promise<DoctorReport>;
  problemJsonSchema(): Promise<Record<string, unknown>>;
}

export interface CommandContext {
  readonly config: CliConfig;
  readonly io: Io;
  /** Fires on Ctrl-C; commands pass it down and let the judge stop between steps. */
  readonly signal: AbortSignal;
  readonly deps: Deps;
}
