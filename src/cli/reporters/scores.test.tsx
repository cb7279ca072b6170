/** Scores and groups in the submit reporters, and the verify reporters and live-view state. */
import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import type { JudgeResult } from '../../judge/result.js';
import type { SubmissionOutcome, VerifyReport } from '../../judge/verify.js';
import { MemoryStream, stripAnsi } from '../fake-io.js';
import { createStyle } from '../format.js';
import { initialState, settle } from '../ui/state.js';
import { JudgeView } from '../ui/JudgeView.js';
import { initialVerifyState, reduceVerify, settleVerify } from '../ui/verify-state.js';
import { VerifyView } from '../ui/VerifyView.js';
import { finalLines, formatScore, groupRows } from './plain.js';
import { createJsonVerifyReporter, createPlainVerifyReporter } from './verify.js';
import { outcomeLines, verifySummary } from './verify-lines.js';

const scored: JudgeResult = {
  verdict: 'WA',
  language: 'c',
  problem: 'tri',
  compile: { ok: true, timeMs: 40, output: '' },
  tests: [
    { name: 'secret/group1/01', verdict: 'AC', timeMs: 1, wallMs: 2, memoryKb: 1024 },
    { name: 'secret/group2/01', verdict: 'WA', timeMs: 1, wallMs: 2, memoryKb: 1024 },
  ],
  timeMs: 1,
  memoryKb: 1024,
  score: 40,
  maxScore: 100,
  groups: [
    { name: 'secret/group1', verdict: 'AC', score: 40, maxScore: 40 },
    { name: 'secret/group2', verdict: 'WA', score: 0, maxScore: 60 },
  ],
};

describe('scores in the submit reporters', () => {
  it('plain lines list the groups, then the summary with the score, then the verdict', () => {
    expect(finalLines(scored, 3, createStyle(false))).toEqual([
      'groups:',
      '  secret/group1  AC   40/40',
      '  secret/group2  WA    0/60',
      '1/3 tests passed, 1 not run, max 1 ms, 1.0 MB, score 40/100',
      'verdict: WA (Wrong Answer) on test 2 (secret/group2/01)',
    ]);
  });

  it('the live view shows the groups when judging is done', () => {
    const start = { problem: { slug: 'tri', title: 'Triangle' }, language: { id: 'c', name: 'C' }, file: 'a.c', tests: ['x', 'y', 'z'] };
    const screen = stripAnsi(renderToString(<JudgeView state={settle(initialState(start), { result: scored })} colors={false} />, { columns: 100 }));
    expect(screen).toContain('✓ secret/group1  AC  40/40');
    expect(screen).toContain('✗ secret/group2  WA   0/60');
    expect(screen).toContain('score 40/100');
  });

  it('formats scores with at most two decimals and aligns group rows', () => {
    expect(formatScore(33.333333)).toBe('33.33');
    expect(groupRows([{ name: 'a', verdict: 'AC', score: 100, maxScore: 100 }, { name: 'bbb', verdict: 'TLE', score: 5, maxScore: 10 }]).map((row) => [row.name, row.verdict, row.score])).toEqual([
      ['a  ', 'AC ', '100/100'],
      ['bbb', 'TLE', '   5/10'],
    ]);
  });
});

const outcomes: SubmissionOutcome[] = [
  { file: 'accepted/a.c', expected: 'AC', got: 'AC', ok: true, timeMs: 3, memoryKb: 2048 },
  { file: 'partially_accepted/p.c', expected: 'partial', got: 'WA', ok: true, timeMs: 3, memoryKb: 2048, score: 40, maxScore: 100 },
  { file: 'wrong_answer/w.py', expected: 'WA', got: 'AC', ok: false, timeMs: 12, memoryKb: 3072, detail: 'passed all tests (4)' },
  { file: 'accepted/x.rb', expected: 'AC', ok: true, skipped: 'cannot tell the language of "x.rb"' },
];
const report: VerifyReport = {
  problem: 'p',
  title: 'P',
  format: 'icpc',
  timeLimitMs: 1000,
  timeLimitSource: 'inferred',
  submissions: outcomes,
  warnings: [],
  ok: false,
};

describe('verify reporters', () => {
  const style = createStyle(false);

  it('a line per submission, expected vs got, why it disagrees, skipped ones dimmed', () => {
    expect(outcomes.flatMap((outcome) => outcomeLines(outcome, 22, style))).toEqual([
      '  ✓ accepted/a.c            expected AC      got AC      3 ms    2.0 MB',
      '  ✓ partially_accepted/p.c  expected partial got WA      3 ms    2.0 MB  score 40/100',
      '  ✗ wrong_answer/w.py       expected WA      got AC     12 ms    3.0 MB',
      '      passed all tests (4)',
      '  - accepted/x.rb           skipped: cannot tell the language of "x.rb"',
    ]);
    expect(verifySummary(report, style)).toBe('3 submissions: 1 not as expected (wrong_answer/w.py), 1 skipped');
    expect(verifySummary({ ...report, submissions: [outcomes[0]], ok: true }, style)).toBe('1 submission: all as expected');
  });

  it('plain: the header, progress notes, a line per finished submission, the summary last', async () => {
    const stdout = new MemoryStream();
    const reporter = createPlainVerifyReporter(stdout, style);
    reporter.begin({ problem: { slug: 'p', title: 'P' }, format: 'icpc legacy', tests: 4 });
    reporter.onEvent({ type: 'start', submissions: outcomes.map(({ file, expected }) => ({ file, expected })), jobs: 2 });
    reporter.onEvent({ type: 'submission-started', file: 'accepted/a.c' });
    reporter.onEvent({ type: 'submission-finished', outcome: outcomes[0] });
    reporter.onEvent({ type: 'time-limit', timeLimitMs: 1000, source: 'inferred', detail: 'slowest accepted 3 ms × 5' });
    await reporter.end({ report });
    expect(stdout.text().split('\n')).toEqual([
      'verifying P (p, icpc legacy): 4 tests',
      '4 submissions, 2 at a time',
      'time limit: not given; judging the accepted submissions first to infer it',
      '  ✓ accepted/a.c            expected AC      got AC      3 ms    2.0 MB',
      'time limit: 1000 ms (inferred: slowest accepted 3 ms × 5)',
      '3 submissions: 1 not as expected (wrong_answer/w.py), 1 skipped',
      '',
    ]);
  });

  it('json: exactly one object, the report; nothing on an error', async () => {
    const stdout = new MemoryStream();
    const reporter = createJsonVerifyReporter(stdout);
    await reporter.end({ report });
    await reporter.end({ report });
    expect(JSON.parse(stdout.text())).toEqual(report);
    const failed = new MemoryStream();
    await createJsonVerifyReporter(failed).end({ error: new Error('x') });
    expect(failed.text()).toBe('');
  });

  it('the live view: submissions being judged with their step, then the summary', () => {
    let state = initialVerifyState({ problem: { slug: 'p', title: 'P' }, format: 'native', tests: 4 });
    state = reduceVerify(state, { type: 'start', submissions: outcomes.map(({ file, expected, skipped }) => ({ file, expected, ...(skipped ? { skipped } : {}) })), timeLimitMs: 1000, jobs: 2 });
    state = reduceVerify(state, { type: 'submission-started', file: 'accepted/a.c' });
    state = reduceVerify(state, { type: 'submission-progress', file: 'accepted/a.c', event: { type: 'test-started', index: 2, total: 4, name: 'secret/2' } });
    expect(state.running).toEqual([{ file: 'accepted/a.c', step: 'test 3/4 secret/2' }]);
    expect(state.total).toBe(3);
    const live = stripAnsi(renderToString(<VerifyView state={state} colors={false} />, { columns: 100 }));
    expect(live).toMatch(/. accepted\/a\.c test 3\/4 secret\/2\n0\/3 judged$/);
    state = reduceVerify(state, { type: 'submission-finished', outcome: outcomes[0] });
    expect(state).toMatchObject({ running: [], finished: 1 });
    const done = stripAnsi(renderToString(<VerifyView state={settleVerify(state, { report })} colors={false} />, { columns: 100 }));
    expect(done).toContain('✓ accepted/a.c');
    expect(done.trimEnd().endsWith('3 submissions: 1 not as expected (wrong_answer/w.py), 1 skipped')).toBe(true);
  });
});
