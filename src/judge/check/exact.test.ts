import { describe, expect, it } from 'vitest';
import { compareExact } from './exact.js';

const check = (output: string, expected: string) =>
  compareExact({ output: Buffer.from(output), expected: Buffer.from(expected) });

describe('compareExact', () => {
  it('accepts identical bytes, including empty ones', () => {
    expect(check('1 2\n3\n', '1 2\n3\n')).toEqual({ verdict: 'AC' });
    expect(check('', '')).toEqual({ verdict: 'AC' });
  });

  it('forgives one missing or one extra newline at the very end', () => {
    expect(check('3', '3\n').verdict).toBe('AC');
    expect(check('3\n', '3').verdict).toBe('AC');
    expect(check('', '\n').verdict).toBe('AC');
    expect(check('\n', '').verdict).toBe('AC');
    expect(check('3\n\n', '3\n').verdict).toBe('AC');
  });

  it('does not forgive two newlines, or a newline elsewhere', () => {
    expect(check('3', '3\n\n').verdict).toBe('WA');
    expect(check('3\n\n', '3').verdict).toBe('WA');
    expect(check('3\n\n\n', '3\n').verdict).toBe('WA');
    expect(check('3\n', '3\n\n\n').verdict).toBe('WA');
    expect(check('1\n2', '1 2').verdict).toBe('WA');
  });

  it('treats \\r\\n as \\n, but not a lone \\r', () => {
    expect(check('a\r\nb\r\n', 'a\nb\n').verdict).toBe('AC');
    expect(check('a\nb\n', 'a\r\nb\r\n').verdict).toBe('AC');
    expect(check('a\r\nb', 'a\nb\n').verdict).toBe('AC');
    expect(check('a\r\n', 'a').verdict).toBe('AC');
    expect(check('a\rb', 'a\nb').verdict).toBe('WA');
  });

  it('is sensitive to spaces, trailing ones too, and to case', () => {
    expect(check('1  2\n', '1 2\n').verdict).toBe('WA');
    expect(check('1 2 \n', '1 2\n')).toEqual({
      verdict: 'WA',
      message: 'line 1, column 4: expected "1 2", got "1 2 "',
    });
    expect(check('Yes\n', 'yes\n').verdict).toBe('WA');
  });

  it('says on which line and column the output differs', () => {
    expect(check('a\nhello world\n', 'a\nhello there\n')).toEqual({
      verdict: 'WA',
      message: 'line 2, column 7: expected "hello there", got "hello world"',
    });
  });

  it('says when the output ended early or went on after the answer', () => {
    expect(check('1\n', '1\n2\n')).toEqual({ verdict: 'WA', message: 'output ended early at line 2: expected "2\\n" next' });
    expect(check('', '5\n').message).toBe('output ended early at line 1: expected "5\\n" next');
    expect(check('1\n2\n', '1\n')).toEqual({ verdict: 'WA', message: 'extra output after the answer at line 2: "2\\n"' });
  });

  it('compares megabytes', () => {
    const line = 'the quick brown fox 1234567890\r\n';
    const expected = Buffer.from(line.replace('\r\n', '\n').repeat(200_000)); // ~6 MB
    const output = Buffer.from(line.repeat(200_000));
    expect(compareExact({ output, expected }).verdict).toBe('AC');
  });
});
