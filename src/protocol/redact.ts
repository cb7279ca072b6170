/** What a user may see of a result: hidden test data never leaves the server (SPEC §6). */
import type { JudgeResult } from '../judge/result.js';

/**
 * A result as its user may see it: the messages of hidden tests (which can quote expected output
 * or echo hidden input through stderr) are dropped, and so is an overall message taken from one.
 * Everything else — fields added to the result later included — is kept.
 */
export function redactResult(result: JudgeResult): JudgeResult {
  const hiddenMessages = new Set<string>();
  const tests = result.tests.map((test) => {
    if (test.sample || test.message === undefined) return test;
    hiddenMessages.add(test.message);
    const { message: _message, ...rest } = test;
    return rest;
  });
  const redacted: JudgeResult = { ...result, tests };
  if (redacted.message !== undefined && hiddenMessages.has(redacted.message)) delete redacted.message;
  return redacted;
}
