/**
 * What a user may see of judging: hidden test data never leaves the server (SPEC §6), and neither
 * does anything the program did with it. Every view a user gets — a result (GET, `finished`,
 * `snapshot`), stored progress (GET, `snapshot`) and the live `test-finished` messages — passes
 * through here; the admin's views do not.
 */
import type { JudgeResult, TestResult } from '../judge/result.js';
import type { Progress } from './progress.js';

/**
 * All a user sees of a hidden test: which one it is, how it went and what it cost. An exit code,
 * a signal, a message or a score is the program's behaviour on hidden data (a program that exits
 * with its input's first byte reads 8 bits of it per submission), and so is any field added to
 * test results later: a list of what may be shown, not of what may not.
 */
const HIDDEN_TEST_FIELDS = ['index', 'total', 'name', 'sample', 'verdict', 'timeMs', 'wallMs', 'memoryKb'] as const;

/** A test as its user may see it: a sample whole, a hidden test by {@link HIDDEN_TEST_FIELDS} only. */
export function redactTest<T extends Partial<TestResult>>(test: T): T {
  if (test.sample === true) return test;
  const shown: Record<string, unknown> = {};
  for (const field of HIDDEN_TEST_FIELDS) if (field in test) shown[field] = (test as Record<string, unknown>)[field];
  return shown as T;
}

/**
 * A result as its user may see it: hidden tests redacted ({@link redactTest}), and an overall
 * message taken from a hidden test's dropped. Everything else of the result — fields added to it
 * later included — is kept.
 */
export function redactResult(result: JudgeResult): JudgeResult {
  const hiddenMessages = new Set(result.tests.filter((test) => test.sample !== true && test.message !== undefined).map((test) => test.message));
  const redacted: JudgeResult = { ...result, tests: result.tests.map(redactTest) };
  if (redacted.message !== undefined && hiddenMessages.has(redacted.message)) delete redacted.message;
  return redacted;
}

/** Stored progress as its user may see it: finished hidden tests redacted ({@link redactTest}). */
export function redactProgress(progress: Progress): Progress {
  return { ...progress, tests: progress.tests.map(redactTest) };
}
