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
import type { JudgeEvent } from './events.js';
import type { LanguageRegistry } from './languages.js';
import type { JudgeOptions, SubmissionInput } from './pipeline.js';
import { ProblemError } from './problem/errors.js';
import { describeRule, inferTimeLimitMs, tleBoundMs } from './problem/icpc/timelimit.js';
import type { Problem } from './problem/types.js';
import type { JudgeResult } from './result.js';
import { EXPECTED_BY_FOLDER } from './submissions.js';
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

const EXTRA_FOLDERS: Record<string, Expectation> = {
  partially_accepted: { folder: 'partially_accepted', label: 'partial', verdicts: [], partial: true },
  rejected: { folder: 'rejected', label: 'not AC', verdicts: ['WA', 'TLE', 'MLE', 'OLE', 'RE', 'CE'] },
  brute_force: { folder: 'brute_force', label: 'TLE/RE', verdicts: ['TLE', 'RE', 'MLE'] },
};

/**
 * The ICPC/Kattis formats have no memory-limit verdict: running out of memory is a run-time error
 * (problemtools' own `hello` example keeps a submission over the memory limit in run_time_error/).
 */
const ICPC_RUN_TIME_ERROR: Expectation = { folder: 'run_time_error', label: 'RE', verdicts: ['RE', 'MLE'] };

/** Every folder `verify` reads, in the order it reports them. */
export const EXPECTATIONS: readonly Expectation[] = Object.freeze([
  ...Object.entries(EXPECTED_BY_FOLDER).map(([folder, verdict]) => ({ folder, label: verdict, verdicts: [verdict] })),
  ...Object.values(EXTRA_FOLDERS),
]);

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
  | { type: 'start'; submissions: { file: string; expected: string; skipped?: string }[]; timeLimitMs?: number; jobs: number }
  | { type: 'validators'; count: number }
  | { type: 'time-limit'; timeLimitMs: number; source: VerifyReport['timeLimitSource']; detail?: string }
  | { type: 'submission-started'; file: string }
  | { type: 'submission-progress'; file: string; event: JudgeEvent }
  | { type: 'submission-finished'; outcome: SubmissionOutcome };

export interface VerifyOptions {
  sandbox: SandboxBackend;
  languages: LanguageRegistry;
  /** The judge (the pipeline's judgeSubmission, or a fake in tests). */
  judge: (input: SubmissionInput, sandbox: SandboxBackend, options: JudgeOptions) => Promise<JudgeResult>;
  /** Submissions judged at once. @defaultValue 1 */
  jobs?: number;
  /** The problem's submissions/ folder; null for none. @defaultValue `<problem.directory>/submissions` */
  submissionsDir?: string | null;
  signal?: AbortSignal;
  onEvent?: (event: VerifyEvent) => void;
  /** How a host path is shown in messages. @defaultValue as is */
  display?: (hostPath: string) => string;
}

/** Time limit while inferring one: generous, since it only bounds a broken accepted submission. */
export const INFERENCE_TIME_LIMIT_MS = 20_000;

/**
 * Compiles every checker program of a problem once, into `cache`.
 * @throws ProblemError PROBLEM_INVALID naming the checker that does not build
 */
export async function prepareCheckers(problem: Problem, cache: CheckerCache, display: (hostPath: string) => string = (p) => p): Promise<number> {
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

export async function verifyProblem(problem: Problem, options: VerifyOptions): Promise<VerifyReport> {
  const emit = options.onEvent ?? (() => {});
  const display = options.display ?? ((hostPath: string) => hostPath);
  const jobs = Math.max(1, Math.floor(options.jobs ?? 1));
  const root = options.submissionsDir === undefined ? (problem.directory ? path.join(problem.directory, 'submissions') : null) : options.submissionsDir;
  const submissions = root ? await listProblemSubmissions(root) : [];
  for (const submission of submissions) {
    if (problem.format === 'icpc' && submission.expected.folder === ICPC_RUN_TIME_ERROR.folder) submission.expected = ICPC_RUN_TIME_ERROR;
    if (submission.skipped) continue;
    try {
      options.languages.resolve(submission.path);
    } catch (error) {
      submission.skipped = (error as Error).message;
    }
  }
  const warnings = [...(problem.warnings ?? [])];
  const knownLimit = problem.timeLimitSource !== 'unknown';
  emit({
    type: 'start',
    submissions: submissions.map((submission) => ({ file: submission.file, expected: submission.expected.label, ...(submission.skipped ? { skipped: submission.skipped } : {}) })),
    ...(knownLimit ? { timeLimitMs: problem.limits.timeLimitMs } : {}),
    jobs,
  });

  await using checkers = new CheckerCache(options.sandbox, options.languages);
  const validators = await prepareCheckers(problem, checkers, display);
  if (validators > 0) emit({ type: 'validators', count: validators });

  const outcomes = new Map<ProblemSubmissionFile, SubmissionOutcome>();
  const judgeAll = async (list: ProblemSubmissionFile[], timeLimitMs: number) => {
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < list.length && !failed) {
        options.signal?.throwIfAborted();
        const submission = list[next++];
        try {
          outcomes.set(submission, await judgeOne(submission, timeLimitMs));
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    // Every worker has ended before the shared checkers are disposed; the first failure is thrown.
    const settled = await Promise.allSettled(Array.from({ length: Math.min(jobs, list.length) }, worker));
    const rejected = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (rejected) throw rejected.reason;
  };

  let slowestAcceptedMs: number | undefined;
  const tleBound = (limitMs: number) => (problem.timeLimitRule ? tleBoundMs(problem.timeLimitRule, limitMs, slowestAcceptedMs) : limitMs);
  const judgeOne = async (submission: ProblemSubmissionFile, timeLimitMs: number): Promise<SubmissionOutcome> => {
    if (submission.skipped) {
      const outcome: SubmissionOutcome = { file: submission.file, expected: submission.expected.label, ok: true, skipped: submission.skipped };
      emit({ type: 'submission-finished', outcome });
      return outcome;
    }
    const language = options.languages.resolve(submission.path);
    const source = await readFile(submission.path, 'utf8');
    const expectsTle = submission.expected.verdicts.length === 1 && submission.expected.verdicts[0] === 'TLE';
    const judgedLimit = expectsTle ? Math.max(timeLimitMs, tleBound(timeLimitMs)) : timeLimitMs;
    emit({ type: 'submission-started', file: submission.file });
    const result = await options.judge({ problem, source, language }, options.sandbox, {
      timeLimitMs: judgedLimit,
      languages: options.languages,
      checkers,
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent: (event) => emit({ type: 'submission-progress', file: submission.file, event }),
    });
    const outcome = outcomeOf(submission, result, timeLimitMs, judgedLimit, language.id);
    emit({ type: 'submission-finished', outcome });
    return outcome;
  };

  let timeLimitMs = problem.limits.timeLimitMs;
  let timeLimitSource: VerifyReport['timeLimitSource'] = problem.timeLimitSource === 'timelimit-file' ? 'timelimit-file' : 'problem';
  let timeLimitDetail: string | undefined;
  if (knownLimit) {
    await judgeAll(submissions, timeLimitMs);
  } else {
    // Infer: judge the accepted submissions first, with a generous limit, then everything else.
    const accepted = submissions.filter((submission) => submission.expected.folder === 'accepted');
    await judgeAll(accepted, INFERENCE_TIME_LIMIT_MS);
    const times = accepted.map((submission) => outcomes.get(submission)).filter((outcome) => outcome?.got === 'AC').map((outcome) => outcome?.timeMs ?? 0);
    const rule = problem.timeLimitRule;
    if (times.length > 0 && rule) {
      const slowest = Math.max(...times);
      slowestAcceptedMs = slowest;
      timeLimitMs = inferTimeLimitMs(rule, slowest);
      timeLimitSource = 'inferred';
      timeLimitDetail = describeRule(rule, slowest);
    } else {
      timeLimitSource = 'default';
      timeLimitDetail = 'no accepted submission passed, so none could give the time limit';
      warnings.push(`the package gives no time limit and no accepted submission passed: judged with ${timeLimitMs} ms`);
    }
    for (const submission of accepted) {
      const outcome = outcomes.get(submission);
      if (outcome && !outcome.skipped) outcome.timeLimitMs = timeLimitMs;
    }
    emit({ type: 'time-limit', timeLimitMs, source: timeLimitSource, ...(timeLimitDetail ? { detail: timeLimitDetail } : {}) });
    await judgeAll(
      submissions.filter((submission) => !accepted.includes(submission)),
      timeLimitMs,
    );
  }

  const ordered = submissions.map((submission) => outcomes.get(submission)).filter((outcome): outcome is SubmissionOutcome => outcome !== undefined);
  return {
    problem: problem.slug,
    title: problem.title,
    format: problem.format,
    ...(problem.formatVersion ? { formatVersion: problem.formatVersion } : {}),
    timeLimitMs,
    timeLimitSource,
    ...(timeLimitDetail ? { timeLimitDetail } : {}),
    submissions: ordered,
    warnings,
    // nothing judged verifies nothing
    ok: ordered.some((outcome) => !outcome.skipped) && ordered.every((outcome) => outcome.ok),
  };
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
  if (got === 'CE') return firstLine(result.compile.output || 'the compiler gave no message');
  if (expected.partial && got === 'AC') return `full score ${result.score ?? '?'}${result.maxScore !== undefined ? `/${result.maxScore}` : ''}: not a partial solution`;
  if (expected.partial && result.score === undefined) return 'the problem has no scoring groups';
  const index = result.tests.findIndex((test) => test.verdict !== 'AC');
  if (index !== -1) {
    const test = result.tests[index];
    return `test ${index + 1} (${test.name})${test.message ? `: ${firstLine(test.message)}` : ''}`;
  }
  if (got === 'AC') return `passed all tests (${result.tests.length})`;
  return result.message ? firstLine(result.message) : '';
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
