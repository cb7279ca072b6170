/**
 * The ICPC/Kattis default output validator, as problemtools' default_validator behaves:
 * tokens compared case-insensitively unless `caseSensitive`; whitespace ignored unless
 * `spaceChangeSensitive`, in which case every whitespace run must match byte for byte; and, only when
 * a float tolerance is given, an answer token that is a number requires a number in the output within
 * the absolute OR the relative tolerance.
 */
import { parseNumber, toleranceDetail, withinTolerance } from './float.js';
import {
  endedEarlyMessage,
  extraOutputMessage,
  mismatchMessage,
  sameBytes,
  sameToken,
  showBytes,
  TokenReader,
} from './tokens.js';
import type { CheckInput, CheckOutcome } from './types.js';

export interface IcpcDefaultOptions {
  /** `case_sensitive`. @defaultValue false */
  caseSensitive?: boolean;
  /** `space_change_sensitive`: whitespace must match exactly. @defaultValue false */
  spaceChangeSensitive?: boolean;
  /** `float_absolute_tolerance` (or `float_tolerance`); not applied when undefined. */
  floatAbsTol?: number;
  /** `float_relative_tolerance` (or `float_tolerance`); not applied when undefined. */
  floatRelTol?: number;
}

export function compareIcpcDefault(input: CheckInput, options: IcpcDefaultOptions = {}): CheckOutcome {
  const caseSensitive = options.caseSensitive ?? false;
  const spaceChangeSensitive = options.spaceChangeSensitive ?? false;
  const { floatAbsTol, floatRelTol } = options;
  const useFloats = floatAbsTol !== undefined || floatRelTol !== undefined;
  const output = new TokenReader(input.output);
  const expected = new TokenReader(input.expected);

  for (;;) {
    if (spaceChangeSensitive) {
      const expectedRun = expected.skipSpace();
      const outputRun = output.skipSpace();
      if (
        !sameBytes(expected.data, expectedRun, expected.position, output.data, outputRun, output.position, true)
      ) {
        const expectedSpace = showBytes(expected.data, expectedRun, expected.position);
        const outputSpace = showBytes(output.data, outputRun, output.position);
        return {
          verdict: 'WA',
          message: `line ${output.lineAtPosition}: whitespace differs: expected ${expectedSpace}, got ${outputSpace}`,
        };
      }
    }
    const hasExpected = expected.next();
    const hasOutput = output.next();
    if (!hasExpected) return hasOutput ? { verdict: 'WA', message: extraOutputMessage(output) } : { verdict: 'AC' };
    if (!hasOutput) return { verdict: 'WA', message: endedEarlyMessage(output, expected) };

    // Identical tokens always pass; skipping the number parsing keeps big outputs fast.
    if (sameToken(output, expected, true)) continue;
    const want = useFloats ? parseNumber(expected.data, expected.start, expected.end) : undefined;
    if (want !== undefined) {
      const got = parseNumber(output.data, output.start, output.end);
      if (got === undefined) {
        return { verdict: 'WA', message: mismatchMessage(output, expected, ' (expected a number)') };
      }
      if (!withinTolerance(want, got, floatAbsTol, floatRelTol)) {
        return {
          verdict: 'WA',
          message: mismatchMessage(output, expected, toleranceDetail(want, got, floatAbsTol, floatRelTol)),
        };
      }
    } else if (!sameToken(output, expected, caseSensitive)) {
      return { verdict: 'WA', message: mismatchMessage(output, expected) };
    }
  }
}
