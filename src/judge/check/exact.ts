/**
 * The `exact` checker: byte for byte, except that `\r\n` equals `\n` and a single missing or extra
 * newline at the very end is forgiven (editors and `print` disagree about final newlines).
 */
import { showBytes } from './tokens.js';
import type { CheckInput, CheckOutcome } from './types.js';

const CR = 13;
const LF = 10;
const CONTEXT_BYTES = 40;

/** Length of the line break at `i` (`\n` 1, `\r\n` 2), or 0. */
function breakAt(data: Uint8Array, i: number): number {
  if (data[i] === LF) return 1;
  if (data[i] === CR && i + 1 < data.length && data[i + 1] === LF) return 2;
  return 0;
}

/** Whether `[i, end)` is exactly one line break. */
function isOneBreak(data: Uint8Array, i: number): boolean {
  const width = breakAt(data, i);
  return width > 0 && i + width === data.length;
}

/** The rest of the line from `from`, shortened, quoted. */
function showLine(data: Uint8Array, lineStart: number, from: number): string {
  let end = from;
  while (end < data.length && data[end] !== LF && end - from < CONTEXT_BYTES) end++;
  if (end < data.length && data[end] === LF && end > from && data[end - 1] === CR) end--;
  // A little context before the difference, so the message shows where in the line it is.
  const start = Math.max(lineStart, from - 10);
  const text = showBytes(data, start, end, CONTEXT_BYTES + 10);
  return start > lineStart ? `"…${text.slice(1)}` : text;
}

function showRest(data: Uint8Array, from: number): string {
  return showBytes(data, from, Math.min(data.length, from + CONTEXT_BYTES + 1), CONTEXT_BYTES);
}

export function compareExact(input: CheckInput): CheckOutcome {
  const expected = input.expected;
  const output = input.output;
  if (expected.equals(output)) return { verdict: 'AC' };

  let i = 0; // in expected
  let j = 0; // in output
  let line = 1;
  let expectedLineStart = 0;
  let outputLineStart = 0;
  while (i < expected.length && j < output.length) {
    const expectedBreak = breakAt(expected, i);
    const outputBreak = breakAt(output, j);
    if (expectedBreak > 0 && outputBreak > 0) {
      i += expectedBreak;
      j += outputBreak;
      line++;
      expectedLineStart = i;
      outputLineStart = j;
      continue;
    }
    if (expectedBreak > 0 || outputBreak > 0 || expected[i] !== output[j]) {
      return {
        verdict: 'WA',
        message:
          `line ${line}, column ${j - outputLineStart + 1}: ` +
          `expected ${showLine(expected, expectedLineStart, i)}, got ${showLine(output, outputLineStart, j)}`,
      };
    }
    i++;
    j++;
  }

  const expectedDone = i === expected.length;
  const outputDone = j === output.length;
  if (expectedDone && outputDone) return { verdict: 'AC' };
  if (outputDone && isOneBreak(expected, i)) return { verdict: 'AC' };
  if (expectedDone && isOneBreak(output, j)) return { verdict: 'AC' };
  if (outputDone) {
    return { verdict: 'WA', message: `output ended early at line ${line}: expected ${showRest(expected, i)} next` };
  }
  return { verdict: 'WA', message: `extra output after the answer at line ${line}: ${showRest(output, j)}` };
}
