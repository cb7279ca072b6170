import { describe, expect, it } from 'vitest';
import type { CheckerSpec } from '../problem/types.js';
import { comparatorFor } from './registry.js';

const run = (spec: CheckerSpec, output: string, expected: string) => {
  const comparator = comparatorFor(spec);
  if (!comparator) throw new Error(`no comparator for ${spec.type}`);
  return comparator({ output: Buffer.from(output), expected: Buffer.from(expected) }).verdict;
};

describe('comparatorFor', () => {
  it('exact: spaces matter, a final newline does not', () => {
    expect(run({ type: 'exact' }, '1 2', '1 2\n')).toBe('AC');
    expect(run({ type: 'exact' }, '1  2', '1 2')).toBe('WA');
  });

  it('tokens: case-sensitive by default, as the spec says', () => {
    expect(run({ type: 'tokens' }, ' 1  2 ', '1 2')).toBe('AC');
    expect(run({ type: 'tokens' }, 'YES', 'yes')).toBe('WA');
    expect(run({ type: 'tokens', caseSensitive: false }, 'YES', 'yes')).toBe('AC');
  });

  it('float: uses the tolerances and the case setting of the spec', () => {
    expect(run({ type: 'float', absTol: 0.01, relTol: 0 }, '1.005', '1')).toBe('AC');
    expect(run({ type: 'float', absTol: 0.001, relTol: 0 }, '1.005', '1')).toBe('WA');
    expect(run({ type: 'float', absTol: 0, relTol: 0.01 }, '101', '100')).toBe('AC');
    expect(run({ type: 'float', absTol: 0, relTol: 0, caseSensitive: false }, 'YES', 'yes')).toBe('AC');
    expect(run({ type: 'float', absTol: 0, relTol: 0 }, 'YES', 'yes')).toBe('WA');
  });

  it('icpc-default: uses the validator flags of the spec', () => {
    const lenient: CheckerSpec = { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false };
    expect(run(lenient, 'YES  1.0', 'yes 1.0')).toBe('AC');
    expect(run(lenient, '1.0', '1')).toBe('WA');
    expect(run({ ...lenient, floatAbsTol: 1e-6 }, '1.0', '1')).toBe('AC');
    expect(run({ ...lenient, caseSensitive: true }, 'YES', 'yes')).toBe('WA');
    expect(run({ ...lenient, spaceChangeSensitive: true }, 'a  b', 'a b')).toBe('WA');
  });

  it('custom: no comparator (custom checkers run in the sandbox)', () => {
    expect(comparatorFor({ type: 'custom', sourcePath: '/p/check.cpp', language: 'cpp' })).toBeNull();
  });
});
