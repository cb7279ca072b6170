/** What judging returns: the shape of `sonocode submit --json` (SPEC §4). */
import type { Verdict } from './verdict.js';

export interface CompileResult {
  ok: boolean;
  timeMs: number;
  /** The compiler's messages (capped), empty when it said nothing. */
  output: string;
}

export interface TestResult {
  name: string;
  verdict: Verdict;
  /** CPU time, in milliseconds. */
  timeMs: number;
  wallMs: number;
  /** Peak memory, in KiB. */
  memoryKb: number;
  exitCode?: number | null;
  signal?: string | null;
  /** What the checker or the sandbox said (first lines), for WA/RE/IE. */
  message?: string;
  sample?: boolean;
  /** The score the output validator gave an accepted test (`score.txt`), for scoring problems. */
  score?: number;
}

/** A scoring group's outcome (problems with groups only). */
export interface GroupResult {
  /** e.g. `secret/group1`, or a native group's name. */
  name: string;
  /** The first failing test's verdict in the group; AC when every test passed. */
  verdict: Verdict;
  score: number;
  maxScore: number;
}

export interface JudgeResult {
  verdict: Verdict;
  language: string;
  problem: string;
  compile: CompileResult;
  tests: TestResult[];
  /** The largest CPU time of any test, in milliseconds. */
  timeMs: number;
  /** The largest peak memory of any test, in KiB. */
  memoryKb: number;
  /** Why the submission is IE, when it is. */
  message?: string;
  /** The total score, for problems with scoring groups. */
  score?: number;
  /** The most the problem can score (absent when unbounded). */
  maxScore?: number;
  /** Every scoring group, in judging order. */
  groups?: GroupResult[];
}
