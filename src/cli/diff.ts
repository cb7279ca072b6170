/** The first line where a program's output and the expected output differ, for showing (not judging). */

export interface LineDifference {
  /** 1-based line number. */
  line: number;
  /** The expected line; undefined when the expected output ended before. */
  expected?: string;
  /** The program's line; undefined when its output ended before. */
  got?: string;
}

/**
 * Compares line by line, ignoring `\r`, trailing spaces and trailing blank lines (which no built-in
 * checker counts either). Null when the lines agree; the checker's verdict still decides the match.
 */
export function firstDifferentLine(expected: string, got: string): LineDifference | null {
  const want = normalizedLines(expected);
  const have = normalizedLines(got);
  const length = Math.max(want.length, have.length);
  for (let i = 0; i < length; i++) {
    if (want[i] !== have[i]) {
      const difference: LineDifference = { line: i + 1 };
      if (want[i] !== undefined) difference.expected = want[i];
      if (have[i] !== undefined) difference.got = have[i];
      return difference;
    }
  }
  return null;
}

function normalizedLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/[ \t\r]+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A line for display: cut when long, invisible characters made visible. */
export function showLine(line: string | undefined, maxChars = 120): string {
  if (line === undefined) return '(end of output)';
  const visible = line.replace(/\t/g, '→').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return visible.length > maxChars ? `${visible.slice(0, maxChars - 1)}…` : visible;
}
