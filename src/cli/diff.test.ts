import { describe, expect, it } from 'vitest';
import { firstDifferentLine, showLine } from './diff.js';

describe('firstDifferentLine', () => {
  it('is null when only trailing spaces, \\r or final blank lines differ', () => {
    expect(firstDifferentLine('1 2\n3\n', '1 2  \r\n3\n\n\n')).toBeNull();
  });

  it('gives the first differing line, 1-based, expected vs got', () => {
    expect(firstDifferentLine('a\nb\nc\n', 'a\nB\nc\n')).toEqual({ line: 2, expected: 'b', got: 'B' });
  });

  it('says which output ended early', () => {
    expect(firstDifferentLine('a\nb\n', 'a\n')).toEqual({ line: 2, expected: 'b' });
    expect(firstDifferentLine('a\n', 'a\nextra\n')).toEqual({ line: 2, got: 'extra' });
  });
});

describe('showLine', () => {
  it('names the end of output and makes control characters visible', () => {
    expect(showLine(undefined)).toBe('(end of output)');
    expect(showLine('a\tb\x00')).toBe('a→b\\x00');
  });

  it('cuts long lines', () => {
    expect(showLine('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
