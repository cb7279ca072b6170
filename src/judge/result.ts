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
}

export interface GroupResult {
  name: string;
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
  score?: number;
  maxScore?: number;
  groups?: GroupResult[];
}
