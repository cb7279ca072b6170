/**
 * The `tokens` checker (whitespace-insensitive token compare), and the tokenizer the other token
 * checkers share. The tokenizer walks the buffer in place: no strings or arrays per token, so
 * outputs of many megabytes are compared in one linear pass.
 */
import type { CheckInput, CheckOutcome } from './types.js';

export interface TokensOptions {
  /** Compare letters case-sensitively. @defaultValue true */
  caseSensitive?: boolean;
}

/** C's isspace in the C locale: space, \t, \n, \v, \f, \r. */
export function isSpace(byte: number): boolean {
  return byte === 32 || (byte >= 9 && byte <= 13);
}

/** Reads whitespace-separated tokens from a buffer, keeping track of lines. */
export class TokenReader {
  /** Start of the current token (index into the data). */
  start = 0;
  /** End (exclusive) of the current token. */
  end = 0;
  /** 1-based line of the current token. */
  line = 1;
  /** 1-based number of the current token within its line. */
  tokenInLine = 0;
  /** Tokens read so far; the 1-based index of the current token. */
  count = 0;
  /** Read position: just after the current token or whitespace run. */
  position = 0;

  private currentLine = 1;
  private tokensOnCurrentLine = 0;

  constructor(readonly data: Uint8Array) {}

  /** Skips a run of whitespace; returns where the run started (the run ends at `position`). */
  skipSpace(): number {
    const data = this.data;
    const length = data.length;
    const runStart = this.position;
    let position = runStart;
    while (position < length) {
      const byte = data[position];
      if (byte === 10) {
        this.currentLine++;
        this.tokensOnCurrentLine = 0;
      } else if (!isSpace(byte)) {
        break;
      }
      position++;
    }
    this.position = position;
    return runStart;
  }

  /** Moves to the next token, skipping whitespace before it; false when there is none. */
  next(): boolean {
    this.skipSpace();
    return this.readToken();
  }

  /** Reads the token at `position` (after {@link skipSpace}); false at the end of the data. */
  readToken(): boolean {
    const data = this.data;
    const length = data.length;
    let position = this.position;
    if (position >= length) return false;
    this.start = position;
    while (position < length && !isSpace(data[position])) position++;
    this.end = position;
    this.position = position;
    this.count++;
    this.line = this.currentLine;
    this.tokenInLine = ++this.tokensOnCurrentLine;
    return true;
  }

  /** The line the read position is on (for messages about whitespace and ends of output). */
  get lineAtPosition(): number {
    return this.currentLine;
  }

  /** The current token, quoted for a message. */
  show(): string {
    return showBytes(this.data, this.start, this.end);
  }
}

const SHOW_MAX_BYTES = 40;

/** Bytes `[start, end)` as a quoted, escaped, shortened string for messages. */
export function showBytes(data: Uint8Array, start: number, end: number, maxBytes = SHOW_MAX_BYTES): string {
  const cut = end - start > maxBytes;
  const text = Buffer.from(data.buffer, data.byteOffset + start, Math.min(end, start + maxBytes) - start).toString('utf8');
  return JSON.stringify(cut ? `${text}…` : text);
}

function lower(byte: number): number {
  return byte >= 65 && byte <= 90 ? byte + 32 : byte;
}

/** Whether two byte ranges are equal; ASCII letters compared without case unless caseSensitive. */
export function sameBytes(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
  caseSensitive: boolean,
): boolean {
  const length = aEnd - aStart;
  if (length !== bEnd - bStart) return false;
  if (caseSensitive) {
    for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  } else {
    for (let i = 0; i < length; i++) {
      const x = a[aStart + i];
      const y = b[bStart + i];
      if (x !== y && lower(x) !== lower(y)) return false;
    }
  }
  return true;
}

/** Whether the current tokens of two readers are equal. */
export function sameToken(a: TokenReader, b: TokenReader, caseSensitive: boolean): boolean {
  return sameBytes(a.data, a.start, a.end, b.data, b.start, b.end, caseSensitive);
}

/** `line 3, token 2: expected "5", got "6"`, located in the program's output. */
export function mismatchMessage(output: TokenReader, expected: TokenReader, detail = ''): string {
  return `line ${output.line}, token ${output.tokenInLine}: expected ${expected.show()}, got ${output.show()}${detail}`;
}

/** `output ended early: expected "7" at token 4`. */
export function endedEarlyMessage(output: TokenReader, expected: TokenReader): string {
  const empty = output.count === 0 ? (output.data.length === 0 ? ' (the output is empty)' : ' (the output has only whitespace)') : '';
  return `output ended early${empty}: expected ${expected.show()} at token ${expected.count}`;
}

/** `extra output after the answer: "9"`. */
export function extraOutputMessage(output: TokenReader): string {
  return `extra output after the answer: ${output.show()} (line ${output.line}, token ${output.tokenInLine})`;
}

/**
 * Decides a pair of tokens that differ as text: null accepts them (e.g. numbers within a
 * tolerance), a string is the detail of the mismatch (may be empty).
 */
export type TokenMismatch = (output: TokenReader, expected: TokenReader) => string | null;

/**
 * Compares the two as sequences of whitespace-separated tokens: any amount and kind of whitespace
 * between, before and after tokens is equal. `onMismatch` may still accept tokens that differ.
 */
export function compareTokens(input: CheckInput, options: TokensOptions = {}, onMismatch: TokenMismatch = () => ''): CheckOutcome {
  const caseSensitive = options.caseSensitive ?? true;
  const output = new TokenReader(input.output);
  const expected = new TokenReader(input.expected);
  for (;;) {
    const hasExpected = expected.next();
    const hasOutput = output.next();
    if (!hasExpected) return hasOutput ? { verdict: 'WA', message: extraOutputMessage(output) } : { verdict: 'AC' };
    if (!hasOutput) return { verdict: 'WA', message: endedEarlyMessage(output, expected) };
    if (sameToken(output, expected, caseSensitive)) continue;
    const detail = onMismatch(output, expected);
    if (detail !== null) return { verdict: 'WA', message: mismatchMessage(output, expected, detail) };
  }
}
