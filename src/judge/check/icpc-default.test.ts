import { describe, expect, it } from 'vitest';
import { compareIcpcDefault, type IcpcDefaultOptions } from './icpc-default.js';

const check = (output: string, expected: string, options: IcpcDefaultOptions = {}) =>
  compareIcpcDefault({ output: Buffer.from(output), expected: Buffer.from(expected) }, options);
const verdict = (output: string, expected: string, options: IcpcDefaultOptions = {}) =>
  check(output, expected, options).verdict;

describe('compareIcpcDefault: no flags', () => {
  it('is case-insensitive and whitespace-insensitive', () => {
    expect(verdict('Yes  NO\n', 'yes no')).toBe('AC');
    expect(verdict(' A  B \t\n', 'A B')).toBe('AC');
    expect(verdict('A\r\nB\r\n', 'A\nB\n')).toBe('AC');
  });

  it('accepts any whitespace for an empty answer, nothing else', () => {
    for (const output of ['', ' ', '  ', ' \n', '\n', '\t', ' \t\n\t\n \t']) expect(verdict(output, '')).toBe('AC');
    for (const output of ['\\n', '.', 'a', '1', '0', ' 0 ', '\0']) expect(verdict(output, '')).toBe('WA');
  });

  it('rejects added, missing and reordered tokens', () => {
    expect(verdict('A B X', 'A B')).toBe('WA');
    expect(verdict('X A B', 'A B')).toBe('WA');
    expect(verdict('A B\n\n\n X', 'A B')).toBe('WA');
    expect(verdict('A', 'A B')).toBe('WA');
    expect(verdict('B A', 'A B')).toBe('WA');
  });

  it('compares numbers as strings when no tolerance is given', () => {
    expect(verdict('1.0', '1')).toBe('WA');
    expect(verdict('1E5', '1e5')).toBe('AC'); // case-insensitive strings
  });
});

describe('compareIcpcDefault: case_sensitive', () => {
  it('compares letters exactly', () => {
    expect(verdict('Yes', 'yes', { caseSensitive: true })).toBe('WA');
    expect(verdict('yes', 'yes', { caseSensitive: true })).toBe('AC');
  });
});

describe('compareIcpcDefault: space_change_sensitive', () => {
  const strict = { spaceChangeSensitive: true };

  it('requires every whitespace run to match exactly', () => {
    expect(verdict('A B\n', 'A B\n', strict)).toBe('AC');
    expect(verdict('A  B\n', 'A B\n', strict)).toBe('WA');
    expect(verdict('A\tB\n', 'A B\n', strict)).toBe('WA');
    expect(verdict('A\nB\n', 'A B\n', strict)).toBe('WA');
    expect(verdict(' A B\n', 'A B\n', strict)).toBe('WA');
  });

  it('also at the end: no missing or extra trailing whitespace', () => {
    expect(verdict('A B', 'A B\n', strict)).toBe('WA');
    expect(verdict('A B\n\n', 'A B\n', strict)).toBe('WA');
    expect(verdict('A B \n', 'A B\n', strict)).toBe('WA');
    expect(verdict('', '', strict)).toBe('AC');
    expect(verdict(' ', '', strict)).toBe('WA');
    expect(verdict('\n', '', strict)).toBe('WA');
  });

  it('treats \\r\\n as different whitespace from \\n', () => {
    expect(verdict('A\r\n', 'A\n', strict)).toBe('WA');
  });

  it('says where the whitespace differs', () => {
    expect(check('1\n2  3\n', '1\n2 3\n', strict)).toEqual({
      verdict: 'WA',
      message: 'line 2: whitespace differs: expected " ", got "  "',
    });
  });

  it('stays case-insensitive unless case_sensitive is given too', () => {
    expect(verdict('YES\n', 'yes\n', strict)).toBe('AC');
    expect(verdict('YES\n', 'yes\n', { ...strict, caseSensitive: true })).toBe('WA');
  });
});

describe('compareIcpcDefault: float tolerances', () => {
  it('accepts numbers within the absolute tolerance, boundary included', () => {
    expect(verdict('0.75', '0.5', { floatAbsTol: 0.25 })).toBe('AC');
    expect(verdict('0.7500001', '0.5', { floatAbsTol: 0.25 })).toBe('WA');
    expect(verdict('1.000001', '1', { floatAbsTol: 1e-6 })).toBe('AC');
    expect(verdict('1.0000011', '1', { floatAbsTol: 1e-6 })).toBe('WA');
  });

  it('accepts numbers within the relative tolerance, boundary included', () => {
    expect(verdict('101', '100', { floatRelTol: 0.01 })).toBe('AC');
    expect(verdict('101.0001', '100', { floatRelTol: 0.01 })).toBe('WA');
  });

  it('passes a token within either tolerance (float_tolerance sets both)', () => {
    expect(verdict('1000.5', '1000', { floatAbsTol: 1e-6, floatRelTol: 1e-3 })).toBe('AC');
    expect(verdict('0.0015', '0.001', { floatAbsTol: 1e-3, floatRelTol: 1e-6 })).toBe('AC');
    expect(verdict('0.0025', '0.001', { floatAbsTol: 1e-3, floatRelTol: 1e-3 })).toBe('WA');
  });

  it('does not apply a tolerance that is not given', () => {
    expect(verdict('1000.5', '1000', { floatAbsTol: 1e-6 })).toBe('WA');
    expect(verdict('1.5', '1', { floatRelTol: 0.1 })).toBe('WA');
    expect(verdict('1.05', '1', { floatRelTol: 0.1 })).toBe('AC');
  });

  it('with a tolerance, compares 1 and 1.0 by value', () => {
    expect(verdict('1.0 2e0', '1 2', { floatAbsTol: 0 })).toBe('AC');
  });

  it('requires a number where the answer has one', () => {
    expect(check('abc', '1.5', { floatAbsTol: 0.1 })).toEqual({
      verdict: 'WA',
      message: 'line 1, token 1: expected "1.5", got "abc" (expected a number)',
    });
    expect(verdict('inf', '1.5', { floatAbsTol: 0.1 })).toBe('WA');
    expect(verdict('0x1', '1', { floatAbsTol: 0.1 })).toBe('WA');
  });

  it('compares non-number answer tokens as strings (case-insensitively)', () => {
    expect(verdict('POSSIBLE 2.0', 'possible 2', { floatAbsTol: 1e-9 })).toBe('AC');
    expect(verdict('inf', 'INF', { floatAbsTol: 1e-9 })).toBe('AC');
    expect(verdict('nan', 'inf', { floatAbsTol: 1e-9 })).toBe('WA');
  });

  it('still checks whitespace exactly when space_change_sensitive', () => {
    expect(verdict('1.0000001\n', '1\n', { floatAbsTol: 1e-6, spaceChangeSensitive: true })).toBe('AC');
    expect(verdict('1.0000001 \n', '1\n', { floatAbsTol: 1e-6, spaceChangeSensitive: true })).toBe('WA');
  });
});

describe('compareIcpcDefault: messages and size', () => {
  it('reports early end and trailing output', () => {
    expect(check('1', '1 2').message).toBe('output ended early: expected "2" at token 2');
    expect(check('1 2', '1').message).toBe('extra output after the answer: "2" (line 1, token 2)');
  });

  it('handles megabytes, also space-sensitively', () => {
    const text = Array.from({ length: 400_000 }, (_, i) => `${i / 7}`).join('\n') + '\n'; // ~7 MB
    const bytes = Buffer.from(text);
    expect(compareIcpcDefault({ output: bytes, expected: bytes }, { spaceChangeSensitive: true }).verdict).toBe('AC');
    expect(compareIcpcDefault({ output: bytes, expected: bytes }, { floatAbsTol: 1e-9 }).verdict).toBe('AC');
  });
});
