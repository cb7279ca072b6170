/**
 * sonocode's public API: the judge engine for programs that embed it (`import … from 'sonocode'`;
 * docs/embedding.md shows it at work). Load a problem, make a sandbox, judge a submission in it,
 * follow the judge's events, and tell errors apart by their catalogued `code`.
 *
 * This file is the contract: everything a user may rely on is exported here, with its TSDoc; the
 * rest of the package is internal and may change. It imports the judge, the sandbox and the error
 * catalogue, never the CLI or the server (src/architecture.test.ts).
 */
import type * as Catalogue from './errors/catalogue.js';
import type * as Events from './judge/events.js';
import type * as Languages from './judge/languages.js';
import { judgeSubmission as judgeWithSandbox } from './judge/pipeline.js';
import type * as Pipeline from './judge/pipeline.js';
import type * as ProblemErrors from './judge/problem/errors.js';
import { loadProblem as loadAnyProblem } from './judge/problem/load.js';
import type * as Model from './judge/problem/types.js';
import type * as Results from './judge/result.js';
import type * as Verdicts from './judge/verdict.js';
import { createSandbox as selectSandbox, resolveSandbox as chooseSandbox } from './sandbox/select.js';
import type * as Select from './sandbox/select.js';
import type * as Contract from './sandbox/types.js';

// ── Load a problem, make a sandbox, judge ───────────────────────────────────────────────────────

/**
 * Loads a problem: a native YAML file (`<slug>.yaml`), a folder holding `problem.yaml`, or an
 * ICPC/Kattis package (a folder with `problem.yaml` and `data/`), judged as it is. Test data of
 * files stays on disk until a test needs it.
 *
 * @param problemPath - the file or folder, relative to the working directory or absolute.
 * @throws a {@link ProblemError} with code `PROBLEM_NOT_FOUND` (nothing there), `PROBLEM_FORMAT`
 *   (not a problem sonocode can judge) or `PROBLEM_INVALID` (every issue, each with its place).
 */
export function loadProblem(problemPath: string): Promise<Problem> {
  return loadAnyProblem(problemPath);
}

/**
 * Makes a sandbox backend, where submissions' programs run isolated and measured: `docker` (one
 * hardened container per session, made from an image built locally with the host's toolchains
 * mounted read-only; no registry needed) or `native` (Linux namespaces through bubblewrap, cgroups
 * from the host). Both run programs the same way (docs/sandbox.md). Nothing is started until the
 * first `prepare()`; call `check()` first to learn whether the backend can run here.
 *
 * @param options - `backend`: `'docker'` (default) or `'native'`, and each backend's options.
 * @throws Error for `backend: 'auto'`: use {@link resolveSandbox}, which must look at the machine first
 */
export function createSandbox(options: SandboxOptions = {}): SandboxBackend {
  return selectSandbox(options);
}

/**
 * The sandbox backend to use, `auto` included: the native backend (bubblewrap) where its check
 * passes on this machine, Docker otherwise; a named backend as {@link createSandbox} makes it.
 *
 * @param options - `backend`: `'docker'` (default), `'native'` or `'auto'`, and each backend's options.
 */
export function resolveSandbox(options: SandboxOptions = {}): Promise<SandboxBackend> {
  return chooseSandbox(options);
}

/**
 * Judges one submission: compiles it once in a fresh sandbox session, runs it on the problem's tests
 * in order, checks each output with the problem's checker and aggregates the verdict (that of the
 * first failing test; with `options.all`, every test is run). A program's failure — a compile error,
 * a crash, a limit hit, a wrong answer — is a verdict in the result, never an exception. The session
 * and every temporary file are released before it returns or throws.
 *
 * @param input - the problem (from {@link loadProblem}), the user's code and its {@link Language}.
 * @param sandbox - where programs run (from {@link createSandbox}); the caller owns it.
 * @param options - `all`, limit overrides (`timeLimitMs`, `memoryLimitMb`), `onEvent`, `signal`, languages.
 * @returns the result, the shape of `sonocode submit --json`.
 * @throws an error with code `PROBLEM_TIME_LIMIT_UNKNOWN` when an ICPC package gives no time limit
 *   and `options.timeLimitMs` is not set; `SANDBOX_*` when the sandbox itself fails; the signal's
 *   reason (an `AbortError` unless you gave another) when `options.signal` aborts.
 */
export function judgeSubmission(input: SubmissionInput, sandbox: SandboxBackend, options: JudgeOptions = {}): Promise<JudgeResult> {
  return judgeWithSandbox(input, sandbox, options);
}

// ── Submissions and results ─────────────────────────────────────────────────────────────────────

/** What to judge: a loaded problem, the user's code (for function problems, the part between the stubs) and its language. */
export type SubmissionInput = Pipeline.SubmissionInput;

/** Options of {@link judgeSubmission}; every field is optional. */
export type JudgeOptions = Omit<Pipeline.JudgeOptions, 'checkers'>;

/** What {@link judgeSubmission} returns: the verdict, compile output, each test judged, and the worst time and memory. */
export type JudgeResult = Results.JudgeResult;

/** One judged test: its verdict, CPU time `timeMs`, wall time `wallMs`, peak memory `memoryKb`. */
export type TestResult = Results.TestResult;

/** How compiling went: `ok`, `timeMs` and the compiler's (capped) output. */
export type CompileResult = Results.CompileResult;

/** A scoring group's outcome (problems with groups only). */
export type GroupResult = Results.GroupResult;

/**
 * A verdict, from a closed set: `AC` Accepted, `WA` Wrong Answer, `TLE` Time Limit Exceeded, `MLE`
 * Memory Limit Exceeded, `OLE` Output Limit Exceeded, `RE` Runtime Error, `CE` Compilation Error,
 * `IE` Internal Error. Their text is {@link VERDICTS}.
 */
export type Verdict = Verdicts.Verdict;

export { isVerdict, VERDICTS, verdictText } from './judge/verdict.js';

// ── Judge events ────────────────────────────────────────────────────────────────────────────────

/**
 * What {@link judgeSubmission} reports while it works, to `options.onEvent`, in this order:
 * `compile-started`, `compile-finished`, then `test-started` / `test-finished` per test judged
 * (`index` of `total`), and `finished` with the result.
 */
export type JudgeEvent = Events.JudgeEvent;

/** Receives {@link JudgeEvent}s; called synchronously, so it should return quickly. */
export type JudgeEventListener = Events.JudgeEventListener;

/** Where a submission is in its lifecycle: `pending` → `compiling` → `running` → `done`. */
export type SubmissionStatus = Events.SubmissionStatus;

export { statusAfter } from './judge/events.js';

// ── Problems and languages ──────────────────────────────────────────────────────────────────────

/** A problem as the judge sees it, whatever format it came from (`format: 'native' | 'icpc'`). */
export type Problem = Model.Problem;

/** A problem's limits: `timeLimitMs` (before the language's factor), `memoryLimitMb`, `outputLimitKb`. */
export type ProblemLimits = Model.ProblemLimits;

/** One test: a unique `name`, whether it is a `sample`, its `input` and expected `output`. */
export type TestCase = Model.TestCase;

/** Test data, inline (`{text}`) or in a file on the host (`{path}`). */
export type TestData = Model.TestData;

/** How outputs are compared: `exact`, `tokens`, `float`, the ICPC default validator, or a `custom` program. */
export type CheckerSpec = Model.CheckerSpec;

/** The code around a function problem's user code, per language. */
export type CodeStub = Model.CodeStub;

/** One thing wrong with a problem file: document `path`, `message`, `line`/`column` when known, and its own `file` when not the error's (a package's test_group.yaml). */
export type ProblemIssue = ProblemErrors.ProblemIssue;

/** The error {@link loadProblem} throws: its `code`, the `file` it is about, and every issue found. */
export type ProblemError = ProblemErrors.ProblemError;

/**
 * A language as data: `id`, file `extensions`, compile and run argv, time factor. Get one from a
 * {@link LanguageRegistry}: `new LanguageRegistry().get('cpp')`, or `.resolve('main.py')` by extension.
 */
export type Language = Languages.Language;

export { BUILTIN_LANGUAGES, LanguageRegistry } from './judge/languages.js';

// ── Sandbox ─────────────────────────────────────────────────────────────────────────────────────

/** Options of {@link createSandbox}. */
export type SandboxOptions = Select.SandboxOptions;

/** The sandbox backends: `docker`, `native`, or `auto` (for {@link resolveSandbox}). */
export type BackendName = Select.BackendChoice;

/**
 * The contract every sandbox backend implements: `check()` (throws a `SANDBOX_*` error saying what
 * is wrong), `prepare()` a {@link SandboxSession}, and `reap()` what crashed processes left behind.
 */
export type SandboxBackend = Contract.SandboxBackend;

/**
 * One isolated place where a submission's programs run one after another: `writeFiles`, `seal`,
 * `run`, then `dispose` (or `await using`).
 */
export type SandboxSession = Contract.SandboxSession;

/** How a session is sized: `maxMemoryMb` of any run, process limit, scratch space. */
export type PrepareOptions = Contract.PrepareOptions;

/** One run in a session: `argv`, optional `cwd`, `env` and `stdin`, and its {@link RunLimits}. */
export type RunRequest = Contract.RunRequest;

/** Limits of one run: `cpuTimeMs`, `wallTimeMs`, `memoryMb`, `outputKb`. */
export type RunLimits = Contract.RunLimits;

/** How a run ended (`status`, `exitCode`, `signal`) and what it used (`cpuMs`, `wallMs`, `memoryKb`). */
export type RunResult = Contract.RunResult;

/** Why a run ended: it `exited`, was `signaled`, or hit a limit (`cpu-time-limit`, `memory-limit`, …). */
export type RunStatus = Contract.RunStatus;

/** Where a run's standard input comes from: a host file, a text, or nothing. */
export type StdinSource = Contract.StdinSource;

/** A file placed into a session's work directory. */
export type SandboxFile = Contract.SandboxFile;

// ── Errors ──────────────────────────────────────────────────────────────────────────────────────

/**
 * A code of the error catalogue: every error sonocode raises on purpose carries one as `code`
 * (`PROBLEM_INVALID`, `SANDBOX_UNAVAILABLE`…). Match on it, not on the error's class: it survives
 * queues and processes.
 */
export type ErrorCode = Catalogue.ErrorCode;

/** What an error means to the caller: `usage` (their mistake), `system` (sonocode or the sandbox failed), `interrupted`. */
export type ExitClass = Catalogue.ExitClass;

/** A catalogue entry: the code's {@link ExitClass} and when it is raised. */
export type ErrorCodeEntry = Catalogue.ErrorCodeEntry;

export { ERROR_CATALOGUE, isErrorCode } from './errors/catalogue.js';
