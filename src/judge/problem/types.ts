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
   */
  | { type: 'custom'; sourcePath: string; language: string };

export interface CodeStub {
  language: string;
  startSnippet: string;
  userSnippet: string;
  endSnippet: string;
}

/** A scoring group (ICPC `type: scoring`, or native `groups`). */
export interface TestGroup {
  name: string;
  /** Points for passing the group. */
  score: number;
  /** Names of the tests in the group. */
  tests: string[];
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
  groups?: TestGroup[];
  /** The folder the problem was loaded from (for submissions/, relative files). */
  directory?: string;
  /** The format it came from. */
  format: 'native' | 'icpc';
}
