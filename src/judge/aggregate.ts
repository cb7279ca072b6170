/** Pure: the submission's result from its compile step and tests (SPEC §4). */
import type { CompileResult, JudgeResult, TestResult } from './result.js';
import type { Verdict } from './verdict.js';

export interface AggregateInput {
  problem: string;
  language: string;
  compile: CompileResult;
  tests: TestResult[];
  /** Tests the problem has; fewer results than this means judging stopped early. */
  totalTests: number;
}

/** The verdict of the first failing test in order; CE when compiling failed; AC otherwise. */
export function aggregate(input: AggregateInput): JudgeResult {
  const { compile, tests } = input;
  let verdict: Verdict;
  let message: string | undefined;
  if (!compile.ok) {
    verdict = 'CE';
  } else {
    const firstFailure = tests.find((test) => test.verdict !== 'AC');
    verdict = firstFailure?.verdict ?? (tests.length === input.totalTests ? 'AC' : 'IE');
    if (!firstFailure && tests.length !== input.totalTests) message = 'judging ended before every test ran';
    if (firstFailure?.verdict === 'IE') message = firstFailure.message;
  }
  return {
    verdict,
    language: input.language,
    problem: input.problem,
    compile,
    tests,
    timeMs: Math.max(0, ...tests.map((test) => test.timeMs)),
    memoryKb: Math.max(0, ...tests.map((test) => test.memoryKb)),
    ...(message ? { message } : {}),
  };
}
