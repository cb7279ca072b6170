import { describe, expect, it } from 'vitest';
import { compareFloat, parseNumberText, withinTolerance } from './float.js';

const check = (output: string, expected: string, options: Parameters<typeof compareFloat>[1]) =>
  compareFloat({ output: Buffer.from(output), expected: Buffer.from(expected) }, options);

describe('parseNumberText', () => {
  it.each([
    ['42', 42],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e5', 1e5],
    ['+2.5E-3', 2.5e-3],
    ['-0', -0],
    ['007', 7],
  ])('parses %s', (text, value) => {
    expect(parseNumberText(text)).toBe(value);
  });

  it.each(['0x10', '1,5', 'Infinity', '-Infinity', 'inf', 'nan', 'NaN', '1e', 'e5', '.', '-', '+', '', '1.2.3', '1e5.0', '1_000', '1e400', '١'])(
    'rejects %s',
    (text) => {
      expect(parseNumberText(text)).toBeUndefined();
    },
  );
});

describe('withinTolerance', () => {
  it('applies only the tolerances given', () => {
    expect(withinTolerance(1, 1.5, undefined, undefined)).toBe(false);
    expect(withinTolerance(1, 1, undefined, undefined)).toBe(false);
    expect(withinTolerance(1, 1, 0, undefined)).toBe(true);
  });
});

describe('compareFloat', () => {
  it('accepts a difference exactly at the absolute tolerance and rejects one just over it', () => {
    expect(check('0.75', '0.5', { absTol: 0.25 }).verdict).toBe('AC');
    expect(check('0.7500001', '0.5', { absTol: 0.25 }).verdict).toBe('WA');
    // 1.1 − 1.0 is a hair above 0.1 in binary; written exactly at the tolerance, it passes.
    expect(check('1.1', '1.0', { absTol: 0.1 }).verdict).toBe('AC');
    expect(check('0.9', '1.0', { absTol: 0.1 }).verdict).toBe('AC');
    expect(check('1.1000001', '1.0', { absTol: 0.1 }).verdict).toBe('WA');
    expect(check('1.000001', '1', { absTol: 1e-6 }).verdict).toBe('AC');
    expect(check('1.0000011', '1', { absTol: 1e-6 }).verdict).toBe('WA');
  });

  it('accepts a difference exactly at the relative tolerance and rejects one just over it', () => {
    expect(check('101', '100', { relTol: 0.01 }).verdict).toBe('AC');
    expect(check('99', '100', { relTol: 0.01 }).verdict).toBe('AC');
    expect(check('101.0001', '100', { relTol: 0.01 }).verdict).toBe('WA');
    expect(check('1000001', '1e6', { relTol: 1e-6 }).verdict).toBe('AC');
    expect(check('1000001.01', '1e6', { relTol: 1e-6 }).verdict).toBe('WA');
  });

  it('measures relative error against the expected value', () => {
    // |110 − 100| = 10 is 9.1% of 110 and 10% of 100: only the expected value counts.
    expect(check('100', '110', { relTol: 0.095 }).verdict).toBe('AC');
    expect(check('110', '100', { relTol: 0.095 }).verdict).toBe('WA');
    // With expected 0, a relative tolerance allows nothing.
    expect(check('1e-300', '0', { relTol: 0.5 }).verdict).toBe('WA');
  });

  it('passes a token within either tolerance', () => {
    expect(check('1000.5', '1000', { absTol: 1e-6, relTol: 1e-3 }).verdict).toBe('AC');
    expect(check('0.0015', '0.001', { absTol: 1e-3, relTol: 1e-6 }).verdict).toBe('AC');
    expect(check('1002', '1000', { absTol: 1, relTol: 2e-3 }).verdict).toBe('AC');
    expect(check('1002.5', '1000', { absTol: 1, relTol: 2e-3 }).verdict).toBe('WA');
  });

  it('compares numbers by value: 1 equals 1.0 and 1e0 even with zero tolerance', () => {
    expect(check('1.0 1e0 -0 .5', '1 1 0 0.50', { absTol: 0, relTol: 0 }).verdict).toBe('AC');
    expect(check('0.10000001', '0.1', { absTol: 0, relTol: 0 }).verdict).toBe('WA');
  });

  it('compares non-numbers as strings: words, inf, nan, hex', () => {
    expect(check('yes 1.5', 'yes 1.5', { absTol: 0.1 }).verdict).toBe('AC');
    expect(check('no', 'yes', { absTol: 0.1 }).verdict).toBe('WA');
    expect(check('inf nan', 'inf nan', { absTol: 0.1 }).verdict).toBe('AC');
    expect(check('inf', 'INF', { absTol: 0.1 }).verdict).toBe('WA');
    expect(check('Infinity', '1e400', { absTol: 0.1 }).verdict).toBe('WA');
    expect(check('0x10', '16', { absTol: 0.1 }).verdict).toBe('WA');
    expect(check('1,5', '1.5', { absTol: 0.1 }).verdict).toBe('WA');
    expect(check('INF', 'inf', { absTol: 0.1, caseSensitive: false }).verdict).toBe('AC');
  });

  it('says which numbers differ and by how much', () => {
    expect(check('1 2.5\n3.5', '1 2.5\n3.0', { absTol: 0.1 })).toEqual({
      verdict: 'WA',
      message: 'line 2, token 1: expected "3.0", got "3.5" (difference 0.5 is over absTol 0.1 and relTol 0)',
    });
  });

  it('rejects missing and extra tokens, ignores whitespace', () => {
    expect(check('1.0', '1.0 2.0', { absTol: 0.1 }).message).toBe('output ended early: expected "2.0" at token 2');
    expect(check('1.0 2.0', '1.0', { absTol: 0.1 }).verdict).toBe('WA');
    expect(check('', '1', { absTol: 0.1 }).verdict).toBe('WA');
    expect(check(' 1.0\r\n 2.0 \n', '1.0 2.0', { absTol: 0.1 }).verdict).toBe('AC');
  });
});
