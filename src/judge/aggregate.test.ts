import { describe, expect, it } from 'vitest';
import { aggregate, scoreResult, shouldJudge, validatorScore } from './aggregate.js';
import { scoringFromGroups } from './problem/scoring.js';
import type { ScoringGroup } from './problem/types.js';
import type { TestResult } from './result.js';
import type { Verdict } from './verdict.js';

const test = (name: string, verdict: Verdict = 'AC', extra: Partial<TestResult> = {}): TestResult => ({
  name,
  verdict,
  timeMs: 1,
  wallMs: 2,
  memoryKb: 100,
  ...extra,
});

function group(name: string, items: (string | ScoringGroup)[], settings: Partial<ScoringGroup> = {}): ScoringGroup {
  return {
    name,
    aggregation: 'pass-fail',
    acceptScore: 0,
    rejectScore: 0,
    stopOnReject: true,
    requirePass: [],
    reported: true,
    items: items.map((item) => (typeof item === 'string' ? { test: item } : { group: item })),
    ...settings,
  };
}

/** The 2025-09 shape: data sums sample (no points) and secret (two pass-fail groups). */
function modern(): ScoringGroup {
  return group(
    'data',
    [
      group('sample', ['s1'], { maxScore: 0, reported: false }),
      group(
        'secret',
        [group('secret/g1', ['a1', 'a2'], { maxScore: 40 }), group('secret/g2', ['b1', 'b2'], { maxScore: 60, requirePass: ['secret/g1'] })],
        { aggregation: 'sum', maxScore: 100, stopOnReject: false, reported: false },
      ),
    ],
    { aggregation: 'sum', stopOnReject: false, reported: false },
  );
}

describe('aggregate', () => {
  const compile = { ok: true, timeMs: 5, output: '' };

  it('keeps the verdict of the first failing test and adds no score without a scoring tree', () => {
    const result = aggregate({ problem: 'p', language: 'c', compile, tests: [test('1'), test('2', 'WA'), test('3', 'TLE')], totalTests: 3 });
    expect(result.verdict).toBe('WA');
    expect(result).not.toHaveProperty('score');
    expect(result).not.toHaveProperty('groups');
  });

  it('adds score, maxScore and groups with a scoring tree', () => {
    const tests = [test('s1'), test('a1'), test('a2'), test('b1', 'WA')];
    const result = aggregate({ problem: 'p', language: 'c', compile, tests, totalTests: 5, scoring: modern() });
    expect(result).toMatchObject({
      verdict: 'WA',
      score: 40,
      maxScore: 100,
      groups: [
        { name: 'secret/g1', verdict: 'AC', score: 40, maxScore: 40 },
        { name: 'secret/g2', verdict: 'WA', score: 0, maxScore: 60 },
      ],
    });
  });

  it('a compile error scores 0 and every group says CE', () => {
    const result = aggregate({ problem: 'p', language: 'c', compile: { ...compile, ok: false }, tests: [], totalTests: 5, scoring: modern() });
    expect(result).toMatchObject({ verdict: 'CE', score: 0, maxScore: 100 });
    expect(result.groups?.map((entry) => entry.verdict)).toEqual(['CE', 'CE']);
  });
});

describe('scoreResult', () => {
  it('require_pass: a group whose required group failed scores 0', () => {
    const tests = [test('s1'), test('a1', 'TLE'), test('b1'), test('b2')];
    const result = scoreResult(modern(), tests, 'TLE');
    expect(result.score).toBe(0);
    expect(result.groups[1]).toEqual({ name: 'secret/g2', verdict: 'TLE', score: 0, maxScore: 60 });
  });

  it('sum and min aggregation of test scores; validator scores replace the accept score', () => {
    const sum = group('g', ['1', '2', '3', '4'], { aggregation: 'sum', acceptScore: 25, maxScore: 100, stopOnReject: false });
    expect(scoreResult(sum, [test('1'), test('2', 'WA'), test('3'), test('4', 'AC', { score: 7.5 })], 'WA').score).toBe(57.5);
    const min = group('g', ['1', '2'], { aggregation: 'min', acceptScore: 30, maxScore: 30 });
    expect(scoreResult(min, [test('1', 'AC', { score: 12 }), test('2')], 'AC').score).toBe(12);
    expect(scoreResult(min, [test('1'), test('2', 'RE')], 'RE').score).toBe(0);
  });

  it('legacy: stopOnReject (on_reject: break) leaves the items after a failure out; ignoreFirst leaves out sample', () => {
    const legacy = group(
      'data',
      [
        group('sample', ['s1'], { aggregation: 'sum', acceptScore: 1 }),
        group('secret', ['1', '2', '3'], { aggregation: 'sum', acceptScore: 10, rejectScore: 1, stopOnReject: true }),
      ],
      { aggregation: 'sum', acceptScore: 1, stopOnReject: false, reported: false, ignoreFirst: true },
    );
    // 1 AC (10), 2 WA (1), 3 AC not counted after the break
    const result = scoreResult(legacy, [test('s1', 'WA'), test('1'), test('2', 'WA'), test('3')], 'WA');
    expect(result.score).toBe(11);
    expect(result.maxScore).toBe(30);
    expect(result.groups).toEqual([
      { name: 'sample', verdict: 'WA', score: 0, maxScore: 1 },
      { name: 'secret', verdict: 'WA', score: 11, maxScore: 30 },
    ]);
  });

  it('max and avg aggregation, with maxima derived from the items', () => {
    const max = group('g', ['1', '2'], { aggregation: 'max', acceptScore: 4, stopOnReject: false });
    expect(scoreResult(max, [test('1', 'WA'), test('2')], 'WA')).toMatchObject({ score: 4, maxScore: 4 });
    const avg = group('g', ['1', '2', '3'], { aggregation: 'avg', acceptScore: 3, stopOnReject: false });
    expect(scoreResult(avg, [test('1'), test('2', 'WA'), test('3')], 'WA')).toMatchObject({ score: 2, maxScore: 3 });
  });

  it('shows scores with at most six decimals', () => {
    const third = group('g', ['1', '2', '3'], { aggregation: 'sum', acceptScore: 100 / 3, maxScore: 100, stopOnReject: false });
    expect(scoreResult(third, [test('1'), test('2'), test('3')], 'AC').score).toBe(100);
    expect(scoreResult(third, [test('1'), test('2', 'WA'), test('3', 'WA')], 'WA').score).toBe(33.333333);
  });
});

describe('the scoring tree of native groups', () => {
  it('each group all or nothing, the total their sum; tests in no group do not score', () => {
    const tree = scoringFromGroups([{ name: 'easy', score: 30, tests: ['1', '2'] }, { name: 'hard', score: 70, tests: ['2', '3'] }]);
    expect(tree).toBeDefined();
    const result = scoreResult(tree!, [test('0'), test('1'), test('2'), test('3', 'WA')], 'WA');
    expect(result).toEqual({
      score: 30,
      maxScore: 100,
      groups: [
        { name: 'easy', verdict: 'AC', score: 30, maxScore: 30 },
        { name: 'hard', verdict: 'WA', score: 0, maxScore: 70 },
      ],
    });
    expect(scoringFromGroups(undefined)).toBeUndefined();
    expect(scoringFromGroups([])).toBeUndefined();
  });
});

describe('shouldJudge', () => {
  it('without a scoring tree: every test until the first failure', () => {
    expect(shouldJudge(undefined, '2', [test('1')])).toBe(true);
    expect(shouldJudge(undefined, '2', [test('1', 'WA')])).toBe(false);
  });

  it('skips the rest of a failed pass-fail group, not the next group', () => {
    const tree = modern();
    const sofar = [test('s1'), test('a1', 'WA')];
    expect(shouldJudge(tree, 'a2', sofar)).toBe(false);
    // g2 requires g1, which failed: nothing of g2 can score
    expect(shouldJudge(tree, 'b1', sofar)).toBe(false);
    const noRequirement = modern();
    const secret = (noRequirement.items[1] as { group: ScoringGroup }).group;
    (secret.items[1] as { group: ScoringGroup }).group.requirePass = [];
    expect(shouldJudge(noRequirement, 'b1', sofar)).toBe(true);
  });

  it('a failed sample does not stop a scoring problem (sample scores nothing)', () => {
    expect(shouldJudge(modern(), 'a1', [test('s1', 'WA')])).toBe(true);
  });

  it('judges on within a sum group', () => {
    const tree = group('g', ['1', '2', '3'], { aggregation: 'sum', acceptScore: 1, stopOnReject: false });
    expect(shouldJudge(tree, '3', [test('1', 'WA'), test('2')])).toBe(true);
  });

  it('a test in two native groups is judged while either still can score', () => {
    const tree = scoringFromGroups([{ name: 'a', score: 1, tests: ['1', '2'] }, { name: 'b', score: 1, tests: ['2', '3'] }]);
    expect(shouldJudge(tree, '2', [test('1', 'WA')])).toBe(true);
    expect(shouldJudge(tree, '3', [test('1', 'WA'), test('2', 'WA')])).toBe(false);
    expect(shouldJudge(tree, 'ungrouped', [test('1', 'WA')])).toBe(false);
  });
});

describe('validatorScore', () => {
  it('score.txt as is; score_multiplier.txt times the test\'s maximum', () => {
    const tree = group('g', ['1'], { aggregation: 'sum', acceptScore: 20 });
    expect(validatorScore(tree, '1', { score: 3 })).toBe(3);
    expect(validatorScore(tree, '1', { scoreMultiplier: 0.5 })).toBe(10);
    expect(validatorScore(tree, '1', {})).toBeUndefined();
    expect(validatorScore(undefined, '1', { scoreMultiplier: 0.5 })).toBeUndefined();
  });
});
