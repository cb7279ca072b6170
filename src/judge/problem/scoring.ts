/**
 * A problem's scoring tree (`Problem.scoring`), whatever format it came from: built here from the
 * native format's flat `groups`, and read back as flat groups for the formats that write them (the
 * native document, a package's group folders). One place for a group's defaults and for the most a
 * group can score.
 */
import type { ScoringGroup, TestGroup } from './types.js';

/** A group with the neutral defaults: sums its items, scores nothing itself, never stops early, unreported. */
export function scoringGroup(fields: Pick<ScoringGroup, 'name'> & Partial<ScoringGroup>): ScoringGroup {
  return {
    aggregation: 'sum',
    acceptScore: 0,
    rejectScore: 0,
    stopOnReject: false,
    requirePass: [],
    reported: false,
    items: [],
    ...fields,
  };
}

/**
 * The scoring tree of flat groups (the native format's `groups`): each group scored on its own
 * under an unreported root `total` that sums them; tests in no group count for the verdict only.
 * Undefined when there are no groups (the problem has no score).
 */
export function scoringFromGroups(groups: readonly TestGroup[] | undefined): ScoringGroup | undefined {
  if (!groups || groups.length === 0) return undefined;
  return scoringGroup({
    name: 'total',
    items: groups.map((group) => {
      const aggregation = group.aggregation ?? 'pass-fail';
      return {
        group: {
          name: group.name,
          aggregation,
          maxScore: group.score,
          acceptScore: aggregation === 'sum' ? group.score / Math.max(1, group.tests.length) : group.score,
          rejectScore: 0,
          // A failed pass-fail or min group scores 0 whatever follows: the rest need not run.
          stopOnReject: aggregation !== 'sum',
          requirePass: [...(group.requirePass ?? [])],
          reported: true,
          items: group.tests.map((test) => ({ test })),
        },
      };
    }),
  });
}

/**
 * The reported groups of a scoring tree as flat groups, parents before children: each with the
 * most it can score and every test below it (the inverse of {@link scoringFromGroups} for the
 * trees it builds). Empty without a tree.
 */
export function reportedGroups(root: ScoringGroup | undefined): TestGroup[] {
  const groups: TestGroup[] = [];
  const testsBelow = (group: ScoringGroup): string[] => group.items.flatMap((item) => ('test' in item ? [item.test] : testsBelow(item.group)));
  const visit = (group: ScoringGroup) => {
    if (group.reported) {
      const entry: TestGroup = { name: group.name, score: roundScore(maxScoreOf(group) ?? 0), tests: testsBelow(group) };
      if (group.aggregation === 'sum' || group.aggregation === 'min') entry.aggregation = group.aggregation;
      if (group.requirePass.length > 0) entry.requirePass = [...group.requirePass];
      groups.push(entry);
    }
    for (const item of group.items) if ('group' in item) visit(item.group);
  };
  if (root) visit(root);
  return groups;
}

/**
 * The most a group can score: its `maxScore` when given, else what its items can score together
 * (a test can score the larger of its group's accept and reject scores). Undefined when unbounded.
 */
export function maxScoreOf(group: ScoringGroup): number | undefined {
  if (group.maxScore !== undefined) return group.maxScore;
  const items = group.items.filter((_, index) => !(group.ignoreFirst && index === 0));
  const maxima: number[] = [];
  for (const item of items) {
    const max = 'group' in item ? maxScoreOf(item.group) : Math.max(group.acceptScore, group.rejectScore);
    if (max === undefined) return undefined;
    maxima.push(max);
  }
  if (maxima.length === 0) return 0;
  switch (group.aggregation) {
    case 'pass-fail':
      return 0;
    case 'sum':
      return maxima.reduce((sum, value) => sum + value, 0);
    case 'min':
      return Math.min(...maxima);
    case 'max':
      return Math.max(...maxima);
    case 'avg':
      return maxima.reduce((sum, value) => sum + value, 0) / maxima.length;
  }
}

/** Scores are shown with at most 6 decimals: 100/3 per test should add up to 100, not 99.99999. */
export function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
