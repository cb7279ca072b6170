/**
 * A problem as the judge sees it, whatever file format it came from (native YAML or an
 * ICPC/Kattis package). Loaders produce it; nothing downstream knows the format.
 */

export type Difficulty = 'easy' | 'medium' | 'hard';

export interface ProblemLimits {
  /** CPU time per test, in milliseconds, before the language's time factor. */
  timeLimitMs: number;
  /** Memory per test, in MiB. */
  memoryLimitMb: number;
  /** Standard output per test, in KiB. */
  outputLimitKb: number;
}

/** Test data is kept inline (small YAML tests) or as a host file (large tests, packages). */
export type TestData = { text: string } | { path: string };

export interface TestCase {
  /** Unique within the problem, e.g. `sample-1`, `secret/group1/03`. */
  name: string;
  sample: boolean;
  input: TestData;
  /** The expected output (the answer file of a package). */
  output: TestData;
  /** Extra arguments for the checker on this test (a package's output_validator_args). */
  checkerArgs?: string[];
  /** The checker for this test when it differs from the problem's (per-group validator flags). */
  checker?: CheckerSpec;
}

export type CheckerSpec =
  /** Byte-for-byte, except that a missing final newline is forgiven. */
  | { type: 'exact' }
  /** Whitespace-insensitive token compare; case-sensitive unless caseSensitive is false. */
  | { type: 'tokens'; caseSensitive?: boolean }
  /** Tokens; numbers pass within absTol or relTol. */
  | { type: 'float'; absTol: number; relTol: number; caseSensitive?: boolean }
  /**
   * The ICPC default output validator: tokens, case-insensitive unless caseSensitive,
   * whitespace-insensitive unless spaceChangeSensitive, numbers within a tolerance when given.
   */
  | {
      type: 'icpc-default';
      caseSensitive: boolean;
      spaceChangeSensitive: boolean;
      floatAbsTol?: number;
      floatRelTol?: number;
    }
  /**
   * A program run in the sandbox as `checker input answer feedback_dir [args] < output`;
   * exit 42 accepts, 43 rejects, anything else is an internal error of the problem.
   *
   * With `files`, the checker is a program folder (an ICPC output validator): every file is placed
   * in the sandbox, `build`/`run` scripts are honoured, and all sources of `language` are compiled
   * together; `sourcePath` is then the folder (or the single file) that names it in messages.
   *
   * With `inline`, the program's files are given as text instead of files on the host (a problem a
   * server keeps): one file is compiled as a single source of `language`; several, or the language
   * `script`, as a program folder. `sourcePath` then only names the program in messages.
   */
  | { type: 'custom'; sourcePath: string; language: string; files?: string[]; inline?: readonly InlineFile[] };

/** A file of a program given as text (a checker or an interactor a server keeps). */
export interface InlineFile {
  /** Relative path in the program's folder, e.g. `interactor.cpp`, `build`. */
  path: string;
  content: string;
  /** Made executable (`build` and `run` always are). */
  executable?: boolean;
}

export interface CodeStub {
  language: string;
  startSnippet: string;
  userSnippet: string;
  endSnippet: string;
}

/**
 * A scoring group written flat, as the native format's `groups` (and the server's store) keep it:
 * what {@link Problem.scoring} is built from for native problems, and what the exporters read back
 * from it (`reportedGroups` in scoring.ts).
 */
export interface TestGroup {
  name: string;
  /** Points for passing the group (its maximum score). */
  score: number;
  /** Names of the tests in the group. */
  tests: string[];
  /**
   * How the group's score comes from its tests: `pass-fail` (every test AC: `score`, else 0),
   * `sum` (each accepted test is worth `score / tests`), `min` (each test is worth `score`; the
   * lowest counts). @defaultValue 'pass-fail'
   */
  aggregation?: 'pass-fail' | 'sum' | 'min';
  /** Groups (or `sample`) whose tests must all be AC for this group to be judged and scored. */
  requirePass?: string[];
}

/** How a scoring group's score comes from the scores of its items. */
export type ScoreAggregation = 'pass-fail' | 'sum' | 'min' | 'max' | 'avg';

/** An item of a scoring group: a test (by name) or a subgroup. */
export type ScoringItem = { test: string } | { group: ScoringGroup };

/**
 * A node of a problem's scoring tree (ICPC test data groups). The submission's score is the root's.
 * Tests score `acceptScore` when accepted (or what the output validator's `score.txt` says) and
 * `rejectScore` otherwise; groups aggregate their items.
 */
export interface ScoringGroup {
  /** The group's path under data/, e.g. `secret/group1`; the root is `data`. */
  name: string;
  /** Tests and subgroups, in judging order. */
  items: ScoringItem[];
  aggregation: ScoreAggregation;
  /** The most the group can score; derived from its items when undefined. */
  maxScore?: number;
  /** Score of an accepted test directly in this group. */
  acceptScore: number;
  /** Score of a rejected test directly in this group. */
  rejectScore: number;
  /**
   * Stop judging the group's items after the first one that is not accepted (ICPC `on_reject:
   * break`); the items after it do not count.
   */
  stopOnReject: boolean;
  /** Groups (or `sample`) whose tests must all be AC for this group to be judged and scored. */
  requirePass: string[];
  /** The first item (the sample group) does not count (legacy `grader_flags: ignore_sample`). */
  ignoreFirst?: boolean;
  /** Listed among the result's `groups`. */
  reported: boolean;
}

/** How `sonocode verify` infers a time limit the problem does not give (ICPC packages). */
export interface TimeLimitRule {
  /**
   * `legacy`: problemtools' rule, max(1 s, round(slowest accepted × multiplier)) in whole seconds;
   * `multiple`: the smallest multiple of `resolutionMs` that is at least slowest accepted × multiplier.
   */
  kind: 'legacy' | 'multiple';
  /** `time_multiplier` (legacy, default 5) or `ac_to_time_limit` (default 2). */
  multiplier: number;
  /** `time_safety_margin` (legacy, default 2) or `time_limit_to_tle` (default 1.5). */
  safetyMargin: number;
  /** `time_resolution` in milliseconds (default 1000). */
  resolutionMs: number;
}

export interface Problem {
  slug: string;
  title: string;
  description: string;
  difficulty?: Difficulty;
  limits: ProblemLimits;
  checker: CheckerSpec;
  testCases: TestCase[];
  codeStubs: CodeStub[];
  /** The folder the problem was loaded from (for submissions/, relative files). */
  directory?: string;
  /** The format it came from. */
  format: 'native' | 'icpc';
  /**
   * Where `limits.timeLimitMs` came from. `unknown`: the package gives no time limit, so it must be
   * inferred (`sonocode verify`) or given (`--time-limit-ms`); judging without one is an error.
   * @defaultValue 'problem'
   */
  timeLimitSource?: 'problem' | 'timelimit-file' | 'unknown';
  /** How a missing time limit is inferred from the accepted submissions (ICPC packages). */
  timeLimitRule?: TimeLimitRule;
  /**
   * The interactor of an interactive problem: a program run beside the submission, in a sandbox of
   * its own, talking to it through pipes (`interactor input answer feedback_dir`; exit 42 AC, 43 WA).
   */
  interactor?: Extract<CheckerSpec, { type: 'custom' }>;
  /**
   * How the problem is scored: a scoring package's test data groups, or the tree of a native
   * problem's `groups`. No score without one (only the verdict).
   */
  scoring?: ScoringGroup;
  /** The package's format generation (ICPC packages). */
  formatVersion?: 'legacy' | '2023-07' | '2025-09';
  /** Things the loader accepted but that sonocode ignores or only partly supports. */
  warnings?: string[];
}
