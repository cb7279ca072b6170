import { describe, expect, it } from 'vitest';
import { compareTokens, TokenReader } from './tokens.js';

const check = (output: string, expected: string, caseSensitive?: boolean) =>
  compareTokens({ output: Buffer.from(output), expected: Buffer.from(expected) }, { caseSensitive });

describe('compareTokens', () => {
  it('ignores the amount and kind of whitespace, leading and trailing too', () => {
    expect(check('1 2\n3\n', '1 2\n3\n')).toEqual({ verdict: 'AC' });
    expect(check('  1\t2   3  \n\n\n', '1 2\n3')).toEqual({ verdict: 'AC' });
    expect(check('1\r\n2\r\n', '1\n2\n').verdict).toBe('AC');
    expect(check('1\v2\f3', '1 2 3').verdict).toBe('AC');
  });

  it('accepts empty against empty or whitespace-only', () => {
    expect(check('', '').verdict).toBe('AC');
    expect(check(' \n\t', '').verdict).toBe('AC');
    expect(check('', '\n').verdict).toBe('AC');
  });

  it('says where a token differs: line and token of the output', () => {
    expect(check('1 2\n4 6 8\n', '1 2\n4 5 8\n')).toEqual({
      verdict: 'WA',
      message: 'line 2, token 2: expected "5", got "6"',
    });
  });

  it('does not split or join tokens', () => {
    expect(check('12', '1 2').verdict).toBe('WA');
    expect(check('1 2', '12').verdict).toBe('WA');
  });

  it('says when the output ended early', () => {
    expect(check('1 2 3', '1 2 3 7')).toEqual({ verdict: 'WA', message: 'output ended early: expected "7" at token 4' });
    expect(check('', '7')).toEqual({
      verdict: 'WA',
      message: 'output ended early (the output is empty): expected "7" at token 1',
    });
    expect(check(' \n', '7').message).toBe('output ended early (the output has only whitespace): expected "7" at token 1');
  });

  it('says when the output goes on after the answer', () => {
    expect(check('1 2\n9\n', '1 2\n')).toEqual({
      verdict: 'WA',
      message: 'extra output after the answer: "9" (line 2, token 1)',
    });
    expect(check('x', '').verdict).toBe('WA');
  });

  it('is case-sensitive unless told otherwise', () => {
    expect(check('YES', 'yes').verdict).toBe('WA');
    expect(check('YES', 'yes', true).verdict).toBe('WA');
    expect(check('YES No', 'yes no', false).verdict).toBe('AC');
    expect(check('yes', 'yet', false).verdict).toBe('WA');
  });

  it('compares bytes: non-ASCII tokens match exactly', () => {
    expect(check('héllo wörld', 'héllo wörld').verdict).toBe('AC');
    expect(check('héllo', 'hello').verdict).toBe('WA');
  });

  it('shortens long tokens in messages', () => {
    const message = check('a'.repeat(1000), 'b'.repeat(1000)).message!;
    expect(message.length).toBeLessThan(150);
    expect(message).toContain('…');
  });

  it('compares megabytes of tokens', () => {
    const numbers = Array.from({ length: 600_000 }, (_, i) => String(i * 7919));
    const expected = Buffer.from(numbers.join('\n') + '\n'); // ~4.5 MB
    const output = Buffer.from(numbers.join(' '));
    expect(compareTokens({ output, expected }).verdict).toBe('AC');
    const wrong = Buffer.from(numbers.slice(0, -1).join(' ') + ' 1');
    expect(compareTokens({ output: wrong, expected }).verdict).toBe('WA');
  });
});

describe('TokenReader', () => {
  it('tracks lines, tokens within the line and the token count', () => {
    const reader = new TokenReader(Buffer.from('a b\n\n  c\r\nd'));
    const seen: string[] = [];
    while (reader.next()) seen.push(`${reader.show()}@${reader.line}:${reader.tokenInLine}#${reader.count}`);
    expect(seen).toEqual(['"a"@1:1#1', '"b"@1:2#2', '"c"@3:1#3', '"d"@4:1#4']);
  });
});
