/** Small problems built in code for integration tests. */
import type { Problem, TestCase } from '../../src/judge/problem/types.js';
import { testProblem } from '../../src/judge/testing.js';

/** "Print the sum of two integers", with a few tests. */
export function sumProblem(overrides: Partial<Problem> = {}): Problem {
  const tests: TestCase[] = [
    { name: 'sample-1', sample: true, input: { text: '1 2\n' }, output: { text: '3\n' } },
    { name: 'test-1', sample: false, input: { text: '-5 5\n' }, output: { text: '0\n' } },
    { name: 'test-2', sample: false, input: { text: '1000000000 1000000000\n' }, output: { text: '2000000000\n' } },
  ];
  return testProblem({
    slug: 'sum',
    title: 'Sum',
    description: 'Print a + b.',
    limits: { timeLimitMs: 1000, memoryLimitMb: 128, outputLimitKb: 1024 },
    testCases: tests,
    ...overrides,
  });
}
