import { describe, expect, it } from 'vitest';
import type { JudgeResult } from '../judge/result.js';
import type { StatusMessage } from '../protocol/index.js';
import { JudgingFollower, type Judging } from './judging.js';

const TESTS = [
  { name: 'sample-1', sample: true },
  { name: 'hidden-1', sample: false },
  { name: 'hidden-2', sample: false },
];
const compile = { ok: true, timeMs: 40, output: '' };
/** A WA result: the sample passed, the first hidden test failed, the second was not run. */
const result: JudgeResult = {
  verdict: 'WA',
  language: 'python',
  problem: 'p',
  compile,
  tests: [
    { name: 'sample-1', verdict: 'AC', timeMs: 3, wallMs: 5, memoryKb: 2000, sample: true },
    { name: 'hidden-1', verdict: 'WA', timeMs: 4, wallMs: 6, memoryKb: 2100, sample: false },
  ],
  timeMs: 4,
  memoryKb: 2100,
};
const status = (extra: Partial<StatusMessage>): StatusMessage => ({ type: 'status', submissionId: 's1', status: 'running', event: 'queued', ...extra });

describe('JudgingFollower (what the page shows of a submission)', () => {
  it('fills one row per test as messages arrive, marks tests after a failure skipped, and keeps the result', () => {
    const states: Judging[] = [];
    const follower = new JudgingFollower('s1', TESTS, 'python', (state) => states.push(state));
    expect(follower.current.rows.map((row) => row.state)).toEqual(['waiting', 'waiting', 'waiting']);
    follower.accept(status({ status: 'compiling', event: 'compile-started', language: 'python' }));
    follower.accept(status({ status: 'compiling', event: 'compile-finished', compile }));
    follower.accept(status({ event: 'test-started', test: { index: 0, total: 3, name: 'sample-1' } }));
    expect(follower.current.rows[0].state).toBe('running');
    follower.accept(status({ event: 'test-finished', test: { index: 0, total: 3, name: 'sample-1', verdict: 'AC', timeMs: 3, wallMs: 5, memoryKb: 2000, sample: true } }));
    follower.accept(status({ event: 'test-finished', test: { index: 1, total: 3, name: 'hidden-1', verdict: 'WA', timeMs: 4, wallMs: 6, memoryKb: 2100, sample: false } }));
    follower.accept(status({ status: 'done', event: 'finished', verdict: 'WA', result }));
    expect(follower.current).toMatchObject({
      status: 'done',
      result: { verdict: 'WA' },
      rows: [
        { name: 'sample-1', state: 'done', verdict: 'AC', timeMs: 3, memoryKb: 2000 },
        { name: 'hidden-1', state: 'done', verdict: 'WA', timeMs: 4, memoryKb: 2100 },
        { name: 'hidden-2', state: 'skipped' },
      ],
    });
    // a test heard of only when it finished is started first: each step once, in order
    expect(states.map((state) => state.status)).toEqual(['compiling', 'running', 'running', 'running', 'running', 'running', 'done']);
  });

  it("shows why a sample failed under its row, live or from the final result, and nothing under hidden tests", () => {
    const follower = new JudgingFollower('s1', TESTS, 'python', () => {});
    const why = 'line 1, token 1: expected "3", got "-1"';
    follower.accept(status({ event: 'test-finished', test: { index: 0, total: 3, name: 'sample-1', verdict: 'WA', timeMs: 3, wallMs: 5, memoryKb: 2000, sample: true, message: why } }));
    expect(follower.current.rows[0]).toMatchObject({ verdict: 'WA', message: why });
    const late = new JudgingFollower('s1', TESTS, 'python', () => {});
    const withWhy = { ...result, tests: [{ ...result.tests[0], verdict: 'WA' as const, message: why }] };
    late.accept(status({ status: 'done', event: 'snapshot', verdict: 'WA', progress: { rank: 99, tests: [] }, result: withWhy }));
    expect(late.current.rows.find((row) => row.name === 'sample-1')).toMatchObject({ message: why });
    expect(late.current.rows.filter((row) => !row.sample).every((row) => row.message === undefined)).toBe(true);
  });

  it('catches up from a snapshot that arrives late, without showing a step twice', () => {
    const states: Judging[] = [];
    const follower = new JudgingFollower('s1', TESTS, 'python', (state) => states.push(state));
    const progress = { rank: 6, compile, tests: [{ index: 0, total: 3, name: 'sample-1', verdict: 'AC' as const, timeMs: 3, wallMs: 5, memoryKb: 2000, sample: true }] };
    follower.accept(status({ event: 'snapshot', progress }));
    follower.accept(status({ event: 'snapshot', progress }));
    expect(follower.current.rows.map((row) => row.state)).toEqual(['done', 'waiting', 'waiting']);
    // compile started and finished, sample-1 started and finished: once, though the snapshot came twice
    expect(states).toHaveLength(4);
  });

  it('ignores messages of other submissions', () => {
    const follower = new JudgingFollower('s1', TESTS, 'python', () => {});
    follower.accept({ ...status({ status: 'compiling', event: 'compile-started' }), submissionId: 's2' });
    expect(follower.current.status).toBe('pending');
  });
});
