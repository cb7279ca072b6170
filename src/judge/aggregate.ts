/**
 * Pure: the submission's result from its compile step and tests (SPEC §4), and — for problems with
 * scoring groups — its score, group by group. Also the one rule of which tests still matter while a
 * submission is being judged (`shouldJudge`), so that the pipeline and the score agree.
 */
import { maxScoreOf, roundScore } from './problem/scoring.js';
import type { ScoringGroup, ScoringItem } from './problem/types.js';
import type { CompileResult, GroupResult, JudgeResult, TestResult } from './result.js';
import type { Verdict } from './verdict.js';

export interface AggregateInput {
  problem: string;
  language: string;
  compile: CompileResult;
  tests: TestResult[];
  /** Tests the problem has; fewer results than this means judging stopped early. */
  totalTests: number;
  /** The problem's scoring tree (`Problem.scoring`); no score without one. */
  scoring?: ScoringGroup;
}

/** The verdict of the first failing test in order; CE when compiling failed; AC otherwise. */
export function aggregate(input: AggregateInput): JudgeResult {
  const { compile, tests } = input;
  let verdict: Verdict;
  let message: string | undefined;
  if (!compile.ok) {
    verdict = 'CE';
  } else {
    const firstFailure = tests.find((test) => test.verdict !== 'AC');
    verdict = firstFailure?.verdict ?? (tests.length === input.totalTests ? 'AC' : 'IE');
    if (!firstFailure && tests.length !== input.totalTests) message = 'judging ended before every test ran';
    if (firstFailure?.verdict === 'IE') message = firstFailure.message;
  }
  const result: JudgeResult = {
    verdict,
    language: input.language,
    problem: input.problem,
    compile,
    tests,
    timeMs: Math.max(0, ...tests.map((test) => test.timeMs)),
    memoryKb: Math.max(0, ...tests.map((test) => test.memoryKb)),
    ...(message ? { message } : {}),
  };
  if (input.scoring) {
    const scored = scoreResult(input.scoring, tests, verdict);
    result.score = scored.score;
    if (scored.maxScore !== undefined) result.maxScore = scored.maxScore;
    result.groups = scored.groups;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Scoring

export interface ScoreSummary {
  score: number;
  /** Undefined when the problem's score is unbounded. */
  maxScore?: number;
  groups: GroupResult[];
}

interface Evaluation {
  /** The first non-accepted verdict among the counted items; AC when every item passed. */
  verdict?: Verdict;
  /** Every test below was judged and accepted. */
  passed: boolean;
  /** Something below was judged. */
  judged: boolean;
  score: number;
  maxScore?: number;
}

/** Scores of the root and of every reported group, from the tests judged so far. */
export function scoreResult(root: ScoringGroup, tests: readonly TestResult[], submissionVerdict: Verdict): ScoreSummary {
  const evaluator = new ScoreEvaluator(root, tests);
  const total = evaluator.group(root);
  const groups: GroupResult[] = [];
  const visit = (group: ScoringGroup) => {
    if (group.reported) {
      const evaluation = evaluator.group(group);
      const entry: GroupResult = {
        name: group.name,
        verdict: evaluation.verdict ?? (submissionVerdict === 'AC' ? 'IE' : submissionVerdict),
        score: roundScore(evaluation.score),
        maxScore: roundScore(evaluation.maxScore ?? 0),
      };
      groups.push(entry);
    }
    for (const item of group.items) if ('group' in item) visit(item.group);
  };
  visit(root);
  return { score: roundScore(total.score), ...(total.maxScore !== undefined ? { maxScore: roundScore(total.maxScore) } : {}), groups };
}

/**
 * Whether judging the test named `name` can still change the verdict or the score, given the
 * results so far (tests are judged in order). A test is skipped only after a failure: when every
 * group it is in already stopped (`stopOnReject`) or lacks a group it requires to pass.
 */
export function shouldJudge(root: ScoringGroup | undefined, name: string, tests: readonly TestResult[]): boolean {
  if (tests.every((test) => test.verdict === 'AC')) return true;
  if (!root) return false;
  const evaluator = new ScoreEvaluator(root, tests);
  const reachable = (group: ScoringGroup): boolean => {
    if (!evaluator.requirementsMet(group)) return false;
    for (const item of group.items) {
      if ('test' in item) {
        if (item.test === name) return true;
        const result = evaluator.result(item.test);
        if (group.stopOnReject && result && result.verdict !== 'AC') return false;
      } else {
        if (reachable(item.group)) return true;
        if (group.stopOnReject && !evaluator.group(item.group).passed) return false;
      }
    }
    return false;
  };
  return reachable(root);
}

/** The score a test earns from what its output validator said (`score.txt`, `score_multiplier.txt`). */
export function validatorScore(
  root: ScoringGroup | undefined,
  name: string,
  feedback: { score?: number; scoreMultiplier?: number },
): number | undefined {
  if (feedback.score !== undefined) return feedback.score;
  if (feedback.scoreMultiplier === undefined || !root) return undefined;
  const group = containingGroup(root, name);
  return group ? feedback.scoreMultiplier * group.acceptScore : undefined;
}

function containingGroup(group: ScoringGroup, name: string): ScoringGroup | undefined {
  for (const item of group.items) {
    if ('test' in item && item.test === name) return group;
    if ('group' in item) {
      const found = containingGroup(item.group, name);
      if (found) return found;
    }
  }
  return undefined;
}

class ScoreEvaluator {
  private readonly results = new Map<string, TestResult>();
  private readonly byName = new Map<string, ScoringGroup>();
  private readonly cache = new Map<ScoringGroup, Evaluation>();

  constructor(root: ScoringGroup, tests: readonly TestResult[]) {
    for (const test of tests) this.results.set(test.name, test);
    const index = (group: ScoringGroup) => {
      if (!this.byName.has(group.name)) this.byName.set(group.name, group);
      for (const item of group.items) if ('group' in item) index(item.group);
    };
    index(root);
  }

  result(name: string): TestResult | undefined {
    return this.results.get(name);
  }

  /** Every group this one requires passed (an unknown name never passes). */
  requirementsMet(group: ScoringGroup): boolean {
    return group.requirePass.every((name) => {
      const required = this.byName.get(name);
      return required !== undefined && required !== group && this.group(required).passed;
    });
  }

  group(group: ScoringGroup): Evaluation {
    const cached = this.cache.get(group);
    if (cached) return cached;
    const evaluation = this.evaluate(group);
    this.cache.set(group, evaluation);
    return evaluation;
  }

  private evaluate(group: ScoringGroup): Evaluation {
    const maxScore = maxScoreOf(group);
    if (!this.requirementsMet(group)) {
      const failed = group.requirePass.map((name) => this.byName.get(name)).find((required) => required && !this.group(required).passed);
      return { verdict: failed ? this.group(failed).verdict : 'WA', passed: false, judged: false, score: 0, maxScore };
    }
    const counted: { verdict: Verdict; score: number }[] = [];
    let passed = true;
    let judged = false;
    let stopped = false;
    group.items.forEach((item, index) => {
      const evaluation = this.item(group, item);
      if (evaluation.judged) judged = true;
      if (!evaluation.passed) passed = false;
      if (stopped || evaluation.verdict === undefined) return;
      if (!(group.ignoreFirst && index === 0)) counted.push({ verdict: evaluation.verdict, score: evaluation.score });
      if (group.stopOnReject && evaluation.verdict !== 'AC') stopped = true;
    });
    const verdict = counted.find((entry) => entry.verdict !== 'AC')?.verdict ?? (passed ? 'AC' : undefined);
    const scores = counted.map((entry) => entry.score);
    let score: number;
    switch (group.aggregation) {
      case 'pass-fail':
        score = passed ? (maxScore ?? 0) : 0;
        break;
      case 'sum':
        score = scores.reduce((sum, value) => sum + value, 0);
        break;
      case 'min':
        score = scores.length > 0 ? Math.min(...scores) : 0;
        break;
      case 'max':
        score = scores.length > 0 ? Math.max(...scores) : 0;
        break;
      case 'avg':
        score = scores.length > 0 ? scores.reduce((sum, value) => sum + value, 0) / scores.length : 0;
        break;
    }
    return { ...(verdict !== undefined ? { verdict } : {}), passed, judged, score, ...(maxScore !== undefined ? { maxScore } : {}) };
  }

  private item(group: ScoringGroup, item: ScoringItem): Evaluation {
    if ('group' in item) return this.group(item.group);
    const result = this.results.get(item.test);
    const maxScore = Math.max(group.acceptScore, group.rejectScore);
    if (!result) return { passed: false, judged: false, score: 0, maxScore };
    const accepted = result.verdict === 'AC';
    const score = accepted ? (result.score ?? group.acceptScore) : group.rejectScore;
    return { verdict: result.verdict, passed: accepted, judged: true, score, maxScore };
  }
}
