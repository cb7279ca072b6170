/**
 * `verify`: judges every submission a problem keeps in `submissions/<expected outcome>/` and says
 * whether each got what its folder promises — what problem setters run in CI. For an ICPC package
 * without a time limit, the limit is first inferred from the accepted submissions as the format
 * says; time_limit_exceeded submissions must still time out at the limit times the safety margin.
 * Output validators are compiled once, before anything is judged, and shared by every submission.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxBackend } from '../sandbox/types.js';
import { CheckerCache, customCheckerSpecs } from './check/judge-output.js';
import type { CompileCache } from './compile-cache.js';
import type { JudgeEvent } from './events.js';
import type { LanguageRegistry } from './languages.js';
import { judgeSubmission, type JudgeOptions, type SubmissionInput } from './pipeline.js';
import { ProblemError } from './problem/errors.js';
import { describeRule, inferTimeLimitMs, tleBoundMs } from './problem/icpc/timelimit.js';
import type { Problem } from './problem/types.js';
import type { JudgeResult } from './result.js';
import { messageSummary } from './run-verdict.js';
import type { Verdict } from './verdict.js';

/** What a submission folder promises. */
export interface Expectation {
  /** The folder under submissions/, e.g. `wrong_answer`. */
  folder: string;
  /** Short, for reports: `AC`, `WA`, `partial`, `not AC`. */
  label: string;
  /** Verdicts that keep the promise (none for `partially_accepted`, which is about the score). */
  verdicts: Verdict[];
  /** `partially_accepted`: judged, scored, and below the maximum score. */
  partial?: boolean;
}

/**
 * The one table of `submissions/` folders and what a submission kept in each must get, in the
 * order reports list them: the ICPC/Kattis names, with a folder for each verdict of the closed set.
 */
export const EXPECTATIONS: readonly Expectation[] = Object.freeze([
  { folder: 'accepted', label: 'AC', verdicts: ['AC'] },
  { folder: 'wrong_answer', label: 'WA', verdicts: ['WA'] },
  { folder: 'time_limit_exceeded', label: 'TLE', verdicts: ['TLE'] },
  { folder: 'run_time_error', label: 'RE', verdicts: ['RE'] },
  { folder: 'memory_limit_exceeded', label: 'MLE', verdicts: ['MLE'] },
  { folder: 'output_limit_exceeded', label: 'OLE', verdicts: ['OLE'] },
  { folder: 'compile_error', label: 'CE', verdicts: ['CE'] },
  { folder: 'partially_accepted', label: 'partial', verdicts: [], partial: true },
  { folder: 'rejected', label: 'not AC', verdicts: ['WA', 'TLE', 'MLE', 'OLE', 'RE', 'CE'] },
  { folder: 'brute_force', label: 'TLE/RE', verdicts: ['TLE', 'RE', 'MLE'] },
] satisfies Expectation[]);

/**
 * The ICPC/Kattis formats have no memory-limit verdict: running out of memory is a run-time error
 * (problemtools' own `hello` example keeps a submission over the memory limit in run_time_error/).
 */
const ICPC_RUN_TIME_ERROR: Expectation = { folder: 'run_time_error', label: 'RE', verdicts: ['RE', 'MLE'] };

export interface ProblemSubmissionFile {
  /** Relative to submissions/, e.g. `accepted/sol.cpp`. */
  file: string;
  path: string;
  expected: Expectation;
  /** Why it is not judged (a folder, an unknown language). */
  skipped?: string;
}

/** The submissions kept under `root` (a problem's `submissions/` folder), folder by folder. */
export async function listProblemSubmissions(root: string): Promise<ProblemSubmissionFile[]> {
  const found: ProblemSubmissionFile[] = [];
  for (const expected of EXPECTATIONS) {
    const entries = await readdir(path.join(root, expected.folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const submission: ProblemSubmissionFile = { file: `${expected.folder}/${entry.name}`, path: path.join(root, expected.folder, entry.name), expected };
      if (entry.isDirectory()) submission.skipped = 'a folder: multi-file submissions are not supported';
      found.push(submission);
    }
  }
  return found;
}

/**
 * What of `root` (a problem's `submissions/` folder) is not judged and would otherwise go unsaid:
 * folders whose verdict sonocode does not know (`wa/`, `slow_accepted/`, BAPCtools' own) and files
 * beside the folders (`submissions.yaml`: expectations come from the folders alone). One message each.
 */
export async function submissionsNotRead(root: string): Promise<string[]> {
  const known = new Set(EXPECTATIONS.map((expected) => expected.folder));
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const messages: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || known.has(entry.name)) continue;
    if (entry.isDirectory()) {
      const count = (await readdir(path.join(root, entry.name)).catch(() => [])).filter((name) => !name.startsWith('.')).length;
      messages.push(`submissions/${entry.name}/: not a folder whose verdict sonocode knows (${[...known].join(', ')}): its ${count} ${count === 1 ? 'entry is' : 'entries are'} not judged`);
    } else {
      const why = entry.name === 'submissions.yaml' ? 'expected verdicts come from the folders only' : 'submissions are kept in the folders of their verdict';
      messages.push(`submissions/${entry.name} is not read: ${why}`);
    }
  }
  return messages;
}

export interface SubmissionOutcome {
  file: string;
  /** The promise of its folder (`AC`, `WA`, `partial`…). */
  expected: string;
  /** Absent when it was skipped. */
  got?: Verdict;
  ok: boolean;
  skipped?: string;
  language?: string;
  score?: number;
  maxScore?: number;
  /** Largest CPU time of a test, ms. */
  timeMs?: number;
  memoryKb?: number;
  /** For a disagreement: where and why. */
  detail?: string;
  /** Agrees, but only just (e.g. times out only within the safety margin). */
  warning?: string;
  /** The time limit it was judged with, ms. */
  timeLimitMs?: number;
}

export interface VerifyReport {
  problem: string;
  title: string;
  format: Problem['format'];
  formatVersion?: string;
  /** The time limit the submissions were judged with, ms. */
  timeLimitMs: number;
  /** `inferred`: from the accepted submissions (ICPC packages without a time limit). */
  timeLimitSource: 'problem' | 'timelimit-file' | 'inferred' | 'default';
  /** How the limit was inferred. */
  timeLimitDetail?: string;
  submissions: SubmissionOutcome[];
  /** What the loader or verify noticed but did not fail on. */
  warnings: string[];
  /** Every judged submission got what its folder promises. */
  ok: boolean;
}

export type VerifyEvent =
  /** `notRead`: what of the submissions folder is not judged (see {@link submissionsNotRead}). */
  | { type: 'start'; submissions: { file: string; expected: string; skipped?: string }[]; timeLimitMs?: number; jobs: number; notRead?: string[] }
  /** Checker programs compiled: output validators, or (`interactive`) the problem's interactor. */
  | { type: 'validators'; count: number; interactive: boolean }
  | { type: 'time-limit'; timeLimitMs: number; source: VerifyReport['timeLimitSource']; detail?: string }
  | { type: 'submission-started'; file: string }
  | { type: 'submission-progress'; file: string; event: JudgeEvent }
  | { type: 'submission-finished'; outcome: SubmissionOutcome };

export interface VerifyOptions {
  sandbox: SandboxBackend;
  languages: LanguageRegistry;
  /** The judge of one submission. @defaultValue the pipeline's {@link judgeSubmission} */
  judge?: (input: SubmissionInput, sandbox: SandboxBackend, options: JudgeOptions) => Promise<JudgeResult>;
  /** Submissions judged at once. @defaultValue 1 */
  jobs?: number;
  /** The problem's submissions/ folder; null for none. @defaultValue `<problem.directory>/submissions` */
  submissionsDir?: string | null;
  signal?: AbortSignal;
  onEvent?: (event: VerifyEvent) => void;
  /** How a host path is shown in messages. @defaultValue as is */
  display?: (hostPath: string) => string;
  /** Compiled programs to reuse (a problem verified again compiles nothing unchanged). @defaultValue none */
  compileCache?: CompileCache | null;
}

/** Time limit while inferring one: generous, since it only bounds a broken accepted submission. */
export const INFERENCE_TIME_LIMIT_MS = 20_000;

/**
 * Compiles every checker program of a problem once, into `cache`.
 * @throws ProblemError PROBLEM_INVALID naming the checker that does not build
 */
async function prepareCheckers(problem: Problem, cache: CheckerCache, display: (hostPath: string) => string = (p) => p): Promise<number> {
  const specs = customCheckerSpecs(problem);
  for (const spec of specs) {
    try {
      await cache.get(spec);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'CHECKER_FAILED') throw error;
      const shown = display(spec.sourcePath);
      const message = (error as Error).message.replace(/^the (?:output validator|checker) .*? does not compile/, 'does not compile').split(spec.sourcePath).join(shown);
      throw new ProblemError('PROBLEM_INVALID', shown, message, [{ path: '', message }]);
    }
  }
  return specs.length;
}

/**
 * Judges every submission of the problem's `submissions/` folder and says whether each got what its
 * folder promises. Checker programs are compiled first, once, and shared by every submission.
 * @throws ProblemError PROBLEM_INVALID when a checker program does not compile
 * @throws the abort reason when `signal` fires; SandboxError when the sandbox fails
 */
export async function verifyProblem(problem: Problem, options: VerifyOptions): Promise<VerifyReport> {
  const emit = options.onEvent ?? (() => {});
  const jobs = Math.max(1, Math.floor(options.jobs ?? 1));
  const submissions = await submissionsOf(problem, options);
  const root = submissionsRoot(problem, options);
  const notRead = root ? await submissionsNotRead(root) : [];
  const knownLimit = problem.timeLimitSource !== 'unknown';
  emit({
    type: 'start',
    submissions: submissions.map((submission) => ({ file: submission.file, expected: submission.expected.label, ...(submission.skipped ? { skipped: submission.skipped } : {}) })),
    ...(knownLimit ? { timeLimitMs: problem.limits.timeLimitMs } : {}),
    jobs,
    ...(notRead.length > 0 ? { notRead } : {}),
  });

  await using checkers = new CheckerCache(options.sandbox, options.languages);
  const validators = await prepareCheckers(problem, checkers, options.display);
  if (validators > 0) emit({ type: 'validators', count: validators, interactive: problem.interactor !== undefined });

  const outcomes = new Map<ProblemSubmissionFile, SubmissionOutcome>();
  const judgeAll = (list: ProblemSubmissionFile[], limit: TimeLimit) =>
    inParallel(list, jobs, options.signal, async (submission) => {
      outcomes.set(submission, await judgeFile(submission, limit, { problem, options, checkers, emit }));
    });

  let limit: TimeLimit = { timeLimitMs: problem.limits.timeLimitMs, source: problem.timeLimitSource === 'timelimit-file' ? 'timelimit-file' : 'problem' };
  if (knownLimit) {
    await judgeAll(submissions, limit);
  } else {
    // Infer: judge the accepted submissions first, with a generous limit, then everything else.
    const accepted = submissions.filter((submission) => submission.expected.folder === 'accepted');
    await judgeAll(accepted, { timeLimitMs: INFERENCE_TIME_LIMIT_MS, source: 'problem' });
    const acceptedOutcomes = accepted.map((submission) => outcomes.get(submission)).filter((outcome) => outcome !== undefined);
    limit = inferredTimeLimit(problem, acceptedOutcomes);
    for (const outcome of acceptedOutcomes) if (!outcome.skipped) outcome.timeLimitMs = limit.timeLimitMs;
    emit({ type: 'time-limit', timeLimitMs: limit.timeLimitMs, source: limit.source, ...(limit.detail ? { detail: limit.detail } : {}) });
    await judgeAll(
      submissions.filter((submission) => !accepted.includes(submission)),
      limit,
    );
  }

  const ordered = submissions.map((submission) => outcomes.get(submission)).filter((outcome): outcome is SubmissionOutcome => outcome !== undefined);
  return {
    problem: problem.slug,
    title: problem.title,
    format: problem.format,
    ...(problem.formatVersion ? { formatVersion: problem.formatVersion } : {}),
    timeLimitMs: limit.timeLimitMs,
    timeLimitSource: limit.source,
    ...(limit.detail ? { timeLimitDetail: limit.detail } : {}),
    submissions: ordered,
    warnings: [...(problem.warnings ?? []), ...notRead, ...(limit.warning ? [limit.warning] : [])],
    // nothing judged verifies nothing
    ok: ordered.some((outcome) => !outcome.skipped) && ordered.every((outcome) => outcome.ok),
  };
}

/** The time limit submissions are judged with, and where it came from. */
interface TimeLimit {
  timeLimitMs: number;
  source: VerifyReport['timeLimitSource'];
  detail?: string;
  /** The slowest accepted submission the limit was inferred from, in ms (for the TLE bound). */
  slowestAcceptedMs?: number;
  /** Said in the report when the limit could not be inferred. */
  warning?: string;
}

/** The problem's `submissions/` folder (or the one the options name); null when it has none. */
function submissionsRoot(problem: Problem, options: Pick<VerifyOptions, 'submissionsDir'>): string | null {
  return options.submissionsDir === undefined ? (problem.directory ? path.join(problem.directory, 'submissions') : null) : options.submissionsDir;
}

/** The problem's submissions, with the ICPC meaning of run_time_error, and those in no known language skipped. */
async function submissionsOf(problem: Problem, options: VerifyOptions): Promise<ProblemSubmissionFile[]> {
  const root = submissionsRoot(problem, options);
  const submissions = root ? await listProblemSubmissions(root) : [];
  for (const submission of submissions) {
    if (problem.format === 'icpc' && submission.expected.folder === ICPC_RUN_TIME_ERROR.folder) submission.expected = ICPC_RUN_TIME_ERROR;
    if (submission.skipped) continue;
    try {
      options.languages.resolve(submission.path);
    } catch {
      // verify has no --lang: a language is known by its extension, or added by a --languages file
      const extension = path.extname(submission.path);
      submission.skipped = `no language judges ${extension ? `"${extension}" files` : 'files without an extension'} (add one with --languages FILE)`;
    }
  }
  return submissions;
}

/** The limit inferred from the accepted submissions, as the package's format says; the problem's own when none passed. */
function inferredTimeLimit(problem: Problem, accepted: readonly SubmissionOutcome[]): TimeLimit {
  const times = accepted.filter((outcome) => outcome.got === 'AC').map((outcome) => outcome.timeMs ?? 0);
  const rule = problem.timeLimitRule;
  if (times.length > 0 && rule) {
    const slowest = Math.max(...times);
    return { timeLimitMs: inferTimeLimitMs(rule, slowest), source: 'inferred', detail: describeRule(rule, slowest), slowestAcceptedMs: slowest };
  }
  const timeLimitMs = problem.limits.timeLimitMs;
  return {
    timeLimitMs,
    source: 'default',
    detail: 'no accepted submission passed, so none could give the time limit',
    warning: `the package gives no time limit and no accepted submission passed: judged with ${timeLimitMs} ms`,
  };
}

/**
 * Runs `each` over the list, `jobs` at a time, in order; stops taking new items after the first
 * failure, and throws it once every running item has ended (so that what they share can be released).
 */
async function inParallel<T>(list: readonly T[], jobs: number, signal: AbortSignal | undefined, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < list.length && !failed) {
      signal?.throwIfAborted();
      const item = list[next++];
      try {
        await each(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(jobs, list.length) }, worker));
  const rejected = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * Judges one submission file at the limit (a time_limit_exceeded one with the format's safety
 * margin on top) and says whether it kept its folder's promise.
 */
async function judgeFile(
  submission: ProblemSubmissionFile,
  limit: TimeLimit,
  context: { problem: Problem; options: VerifyOptions; checkers: CheckerCache; emit: (event: VerifyEvent) => void },
): Promise<SubmissionOutcome> {
  const { problem, options, checkers, emit } = context;
  if (submission.skipped) {
    const outcome: SubmissionOutcome = { file: submission.file, expected: submission.expected.label, ok: true, skipped: submission.skipped };
    emit({ type: 'submission-finished', outcome });
    return outcome;
  }
  const { timeLimitMs } = limit;
  const language = options.languages.resolve(submission.path);
  const source = await readFile(submission.path, 'utf8');
  const expectsTle = submission.expected.verdicts.length === 1 && submission.expected.verdicts[0] === 'TLE';
  const tleBound = problem.timeLimitRule ? tleBoundMs(problem.timeLimitRule, timeLimitMs, limit.slowestAcceptedMs) : timeLimitMs;
  const judgedLimit = expectsTle ? Math.max(timeLimitMs, tleBound) : timeLimitMs;
  emit({ type: 'submission-started', file: submission.file });
  const judge = options.judge ?? judgeSubmission;
  const result = await judge({ problem, source, language, fileName: path.basename(submission.path) }, options.sandbox, {
    timeLimitMs: judgedLimit,
    languages: options.languages,
    checkers,
    ...(options.compileCache ? { compileCache: options.compileCache } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onEvent: (event) => emit({ type: 'submission-progress', file: submission.file, event }),
  });
  const outcome = outcomeOf(submission, result, timeLimitMs, judgedLimit, language.id);
  emit({ type: 'submission-finished', outcome });
  return outcome;
}

/** Whether a result keeps its folder's promise, judged at `judgedLimitMs` for a limit of `timeLimitMs`. */
export function outcomeOf(
  submission: Pick<ProblemSubmissionFile, 'file' | 'expected'>,
  result: JudgeResult,
  timeLimitMs: number,
  judgedLimitMs: number,
  language?: string,
): SubmissionOutcome {
  const { expected } = submission;
  let got = result.verdict;
  let warning: string | undefined;
  if (judgedLimitMs > timeLimitMs && got !== 'TLE' && got !== 'CE') {
    // Judged with the safety margin: what it would have got at the real limit.
    const slow = result.tests.find((test) => test.timeMs > timeLimitMs);
    const failed = result.tests.findIndex((test) => test.verdict !== 'AC');
    if (slow && (failed === -1 || result.tests.indexOf(slow) <= failed)) {
      got = 'TLE';
      warning = `over the time limit (${timeLimitMs} ms) only within the safety margin: ${slow.timeMs} ms on ${slow.name}, while a time-limit-exceeded submission should run past ${judgedLimitMs} ms`;
    }
  }
  const ok = expected.partial
    ? got !== 'CE' && got !== 'IE' && result.score !== undefined && result.maxScore !== undefined && result.score < result.maxScore
    : expected.verdicts.includes(got);
  const outcome: SubmissionOutcome = { file: submission.file, expected: expected.label, got, ok, timeLimitMs };
  if (language) outcome.language = language;
  if (result.score !== undefined) outcome.score = result.score;
  if (result.maxScore !== undefined) outcome.maxScore = result.maxScore;
  if (result.compile.ok) {
    outcome.timeMs = result.timeMs;
    outcome.memoryKb = result.memoryKb;
  }
  if (warning) outcome.warning = warning;
  if (!ok) outcome.detail = disagreement(result, got, expected);
  return outcome;
}

function disagreement(result: JudgeResult, got: Verdict, expected: Expectation): string {
  if (got === 'CE') return compileSummary(result.compile.output || 'the compiler gave no message');
  if (expected.partial && got === 'AC') return `full score ${result.score ?? '?'}${result.maxScore !== undefined ? `/${result.maxScore}` : ''}: not a partial solution`;
  if (expected.partial && result.score === undefined) return 'the problem has no scoring groups';
  const index = result.tests.findIndex((test) => test.verdict !== 'AC');
  if (index !== -1) {
    const test = result.tests[index];
    return `test ${index + 1} (${test.name})${test.message ? `: ${messageSummary(test.message)}` : ''}`;
  }
  if (got === 'AC') return `passed all tests (${result.tests.length})`;
  return result.message ? messageSummary(result.message) : '';
}

/** The compiler's first error line (`main.cpp:3:5: error: …`, `SyntaxError: …`), or its first line. */
function compileSummary(output: string): string {
  const lines = output.split('\n');
  const line = lines.find((candidate) => /\berror\b|Error\b/.test(candidate)) ?? lines[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
