/**
 * The `float` checker: tokens, where two tokens that are both finite numbers pass within an absolute
 * or a relative tolerance; any other pair of tokens is compared as strings.
 */
import { compareTokens } from './tokens.js';
import type { CheckInput, CheckOutcome } from './types.js';

export interface FloatOptions {
  /** Largest accepted |output − expected|. @defaultValue 0 */
  absTol?: number;
  /** Largest accepted |output − expected| / |expected|. @defaultValue 0 */
  relTol?: number;
  /** Compare non-numeric tokens case-sensitively. @defaultValue true */
  caseSensitive?: boolean;
}

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

function isDigit(byte: number): boolean {
  return byte >= ZERO && byte <= NINE;
}

/**
 * The value of bytes `[start, end)` when they are a plain decimal number — `42`, `-0.5`, `.5`, `5.`,
 * `1e5`, `+2.5E-3` — and finite; otherwise undefined. Hex, `inf`, `nan`, `Infinity`, `1,5` and
 * numbers that overflow to infinity are not numbers.
 */
export function parseNumber(data: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  const negative = i < end && data[i] === MINUS;
  if (i < end && (data[i] === PLUS || data[i] === MINUS)) i++;
  let digits = 0;
  let integer = 0;
  while (i < end && isDigit(data[i])) {
    integer = integer * 10 + (data[i] - ZERO);
    i++;
    digits++;
  }
  // Fast path for plain integers that a double holds exactly (most tokens of most outputs).
  if (i === end && digits > 0 && digits <= 15) return negative ? -integer : integer;
  if (i < end && data[i] === DOT) {
    i++;
    while (i < end && isDigit(data[i])) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return undefined;
  if (i < end && (data[i] === LOWER_E || data[i] === UPPER_E)) {
    i++;
    if (i < end && (data[i] === PLUS || data[i] === MINUS)) i++;
    const exponentStart = i;
    while (i < end && isDigit(data[i])) i++;
    if (i === exponentStart) return undefined;
  }
  if (i !== end) return undefined;
  const value = Number(Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('latin1'));
  return Number.isFinite(value) ? value : undefined;
}

/** {@link parseNumber} on a string. */
export function parseNumberText(text: string): number | undefined {
  const bytes = Buffer.from(text, 'latin1');
  return parseNumber(bytes, 0, bytes.length);
}

/**
 * Whether `got` is within `absTol` of `expected`, or within `relTol · |expected|`; an undefined
 * tolerance is not applied. A nonzero tolerance forgives a few units in the last place on top, so
 * that a difference written exactly at the tolerance (`1.1` vs `1.0`, tolerance `0.1`) passes
 * although its binary value lies a hair above.
 */
export function withinTolerance(expected: number, got: number, absTol?: number, relTol?: number): boolean {
  const difference = Math.abs(expected - got);
  const roundingSlack = 4 * Number.EPSILON * Math.max(Math.abs(expected), Math.abs(got));
  if (absTol !== undefined && (difference <= absTol || (absTol > 0 && difference <= absTol * (1 + 4 * Number.EPSILON) + roundingSlack))) {
    return true;
  }
  if (relTol !== undefined) {
    const allowed = relTol * Math.abs(expected);
    if (difference <= allowed || (allowed > 0 && difference <= allowed * (1 + 4 * Number.EPSILON) + roundingSlack)) return true;
  }
  return false;
}

/** ` (difference 0.2 > absTol 1e-6, relTol 0)`: why two numbers were judged different. */
export function toleranceDetail(expected: number, got: number, absTol?: number, relTol?: number): string {
  const parts: string[] = [];
  if (absTol !== undefined) parts.push(`absTol ${absTol}`);
  if (relTol !== undefined) parts.push(`relTol ${relTol}`);
  return ` (difference ${Number(Math.abs(expected - got).toPrecision(6))} is over ${parts.join(' and ') || 'the tolerance'})`;
}

export function compareFloat(input: CheckInput, options: FloatOptions = {}): CheckOutcome {
  const absTol = options.absTol ?? 0;
  const relTol = options.relTol ?? 0;
  return compareTokens(input, { caseSensitive: options.caseSensitive ?? true }, (output, expected) => {
    const want = parseNumber(expected.data, expected.start, expected.end);
    const got = want === undefined ? undefined : parseNumber(output.data, output.start, output.end);
    if (want === undefined || got === undefined) return '';
    return withinTolerance(want, got, absTol, relTol) ? null : toleranceDetail(want, got, absTol, relTol);
  });
}
