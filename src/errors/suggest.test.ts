import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, typoDistance } from './suggest.js';

/** The default output validator's flags (src/judge/problem/icpc/flags.ts), as a user meets them. */
const VALIDATOR_FLAGS = ['case_sensitive', 'space_change_sensitive', 'float_tolerance', 'float_absolute_tolerance', 'float_relative_tolerance'];

describe('typoDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours as one edit each', () => {
    expect(typoDistance('python', 'python')).toBe(0);
    expect(typoDistance('pyhton', 'python')).toBe(1);
    expect(typoDistance('pytho', 'python')).toBe(1);
    expect(typoDistance('pythonn', 'python')).toBe(1);
    expect(typoDistance('tolerence', 'tolerance')).toBe(1);
    expect(typoDistance('', 'abc')).toBe(3);
    expect(typoDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestName', () => {
  it('suggests the flag a misspelt ICPC validator flag meant', () => {
    expect(closestName('float_tolerence', VALIDATOR_FLAGS)).toBe('float_tolerance');
    expect(closestName('case_sensitiv', VALIDATOR_FLAGS)).toBe('case_sensitive');
  });

  it('suggests an API field for a short misspelling, ignoring case', () => {
    expect(closestName('lang', ['problemId', 'language', 'code'])).toBe('language'); // an abbreviation
    expect(closestName('langauge', ['problemId', 'language', 'code'])).toBe('language');
    expect(closestName('ProblemID', ['problemId', 'language', 'code'])).toBe('problemId');
  });

  it("suggests a problem document's key for a near miss, a swap, a case slip or a missing suffix", () => {
    const keys = ['title', 'testCases', 'timeLimitMs'];
    expect(closestName('titel', keys)).toBe('title');
    expect(closestName('testcases', keys)).toBe('testCases');
    expect(closestName('timeLimit', keys)).toBe('timeLimitMs');
    expect(closestName('weight', keys)).toBeUndefined();
  });

  it('suggests nothing for a known name, an empty one or one far from every known name', () => {
    expect(closestName('python', ['python', 'pypy'])).toBeUndefined();
    expect(closestName('', ['a'])).toBeUndefined();
    expect(closestName('la', ['language'])).toBeUndefined(); // too short to abbreviate
    expect(closestName('rust', ['c', 'cpp', 'python', 'javascript', 'java'])).toBeUndefined();
  });
});

describe('didYouMean', () => {
  it('is a suffix for the message that rejects the name, or nothing', () => {
    expect(`unknown flag "float_tolerence"${didYouMean('float_tolerence', VALIDATOR_FLAGS)}`).toBe(
      'unknown flag "float_tolerence" (did you mean "float_tolerance"?)',
    );
    expect(didYouMean('zzz', VALIDATOR_FLAGS)).toBe('');
  });

  it("takes the known names as any iterable, a Map's keys too (read once, used for both passes)", () => {
    const languages = new Map([['py', 1], ['python', 2], ['python3', 3], ['c', 4]]);
    expect(didYouMean('pyth', languages.keys())).toBe(' (did you mean "python"?)');
    expect(didYouMean('pyhton', languages.keys())).toBe(' (did you mean "python"?)');
  });
});
