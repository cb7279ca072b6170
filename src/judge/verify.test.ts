import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxBackend } from '../sandbox/types.js';
import { LanguageRegistry } from './languages.js';
import type { JudgeOptions, SubmissionInput } from './pipeline.js';
import { LEGACY_TIME_RULE, MULTIPLE_TIME_RULE } from './problem/icpc/timelimit.js';
import type { Problem } from './problem/types.js';
import type { JudgeResult } from './result.js';
import { testProblem } from './testing.js';
import { EXPECTATIONS, listProblemSubmissions, outcomeOf, verifyProblem, type VerifyEvent } from './verify.js';
import type { Verdict } from './verdict.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A problem folder whose submissions are scripts for the fake judge: `<verdict> <cpu ms> [score]`. */
async function problemWith(submissions: Record<string, string>, overrides: Partial<Problem> = {}): Promise<Problem> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sonocode-verify-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(submissions)) {
    await mkdir(path.dirname(path.join(dir, 'submissions', name)), { recursive: true });
    if (content === 'DIR') await mkdir(path.join(dir, 'submissions', name), { recursive: true });
    else await writeFile(path.join(dir, 'submissions', name), content);
  }
  return testProblem({
    testCases: [
      { name: 'sample/1', sample: true, input: { text: '' }, output: { text: '' } },
      { name: 'secret/1', sample: false, input: { text: '' }, output: { text: '' } },
    ],
    directory: dir,
    format: 'icpc',
    ...overrides,
  });
}

const sandbox = { name: 'fake' } as unknown as SandboxBackend;

/** Judges by the submission's text; a run over the time limit is TLE. Records each call's limit. */
function fakeJudge(calls: { source: string; timeLimitMs?: number }[] = []) {
  return async (input: SubmissionInput, _sandbox: SandboxBackend, options: JudgeOptions): Promise<JudgeResult> => {
    calls.push({ source: input.source.trim(), timeLimitMs: options.timeLimitMs });
    const [verdictText, msText, scoreText] = input.source.trim().split(/\s+/);
    const ms = Number(msText ?? 1);
    const limit = options.timeLimitMs ?? input.problem.limits.timeLimitMs;
    const verdict: Verdict = ms > limit ? 'TLE' : (verdictText as Verdict);
    const compile = { ok: verdict !== 'CE', timeMs: 1, output: verdict === 'CE' ? 'main.c:1: error: oops' : '' };
    const tests =
      verdict === 'CE'
        ? []
        : [
            { name: 'sample/1', verdict: 'AC' as Verdict, timeMs: Math.min(ms, limit), wallMs: 1, memoryKb: 10 },
            { name: 'secret/1', verdict, timeMs: Math.min(ms, limit), wallMs: 1, memoryKb: 10, ...(verdict === 'WA' ? { message: 'line 1: expected "1", got "2"' } : {}) },
          ];
    const result: JudgeResult = { verdict, language: input.language.id, problem: 'p', compile, tests, timeMs: Math.min(ms, limit), memoryKb: 10 };
    if (scoreText !== undefined) Object.assign(result, { score: Number(scoreText), maxScore: 100 });
    return result;
  };
}

const languages = new LanguageRegistry();

describe('listProblemSubmissions', () => {
  it('reads every expectation folder in order; folders and hidden files are not submissions', async () => {
    const problem = await problemWith({
      'wrong_answer/b.py': '',
      'accepted/z.c': '',
      'accepted/a.py': '',
      'accepted/.hidden': '',
      'accepted/multi': 'DIR',
      'partially_accepted/p.cpp': '',
      'unknown_folder/x.py': '',
    });
    const found = await listProblemSubmissions(path.join(problem.directory!, 'submissions'));
    expect(found.map((entry) => [entry.file, entry.expected.label, entry.skipped])).toEqual([
      ['accepted/a.py', 'AC', undefined],
      ['accepted/multi', 'AC', 'a folder: multi-file submissions are not supported'],
      ['accepted/z.c', 'AC', undefined],
      ['wrong_answer/b.py', 'WA', undefined],
      ['partially_accepted/p.cpp', 'partial', undefined],
    ]);
    expect(EXPECTATIONS.map((expectation) => expectation.folder)).toContain('brute_force');
  });
});

describe('verifyProblem', () => {
  it("says what of the submissions folder it does not judge: unknown folders and submissions.yaml (BAPCtools' testexpectations)", async () => {
    const problem = await problemWith(
      { 'accepted/ok.py': 'AC 10', 'wa/one.py': 'WA', 'wa/two.py': 'WA', 'slow_accepted/s.py': 'AC', 'submissions.yaml': 'accepted: {verdict: WA}' },
      { timeLimitSource: 'problem' },
    );
    const events: VerifyEvent[] = [];
    const report = await verifyProblem(problem, { sandbox, languages, judge: fakeJudge([]), onEvent: (event) => events.push(event) });
    const expected = [
      'submissions/slow_accepted/: not a folder whose verdict sonocode knows (accepted, wrong_answer, time_limit_exceeded, run_time_error, memory_limit_exceeded, output_limit_exceeded, compile_error, partially_accepted, rejected, brute_force): its 1 entry is not judged',
      'submissions/submissions.yaml is not read: expected verdicts come from the folders only',
      'submissions/wa/: not a folder whose verdict sonocode knows (accepted, wrong_answer, time_limit_exceeded, run_time_error, memory_limit_exceeded, output_limit_exceeded, compile_error, partially_accepted, rejected, brute_force): its 2 entries are not judged',
    ];
    expect(report.warnings).toEqual(expected);
    expect(events[0]).toMatchObject({ type: 'start', notRead: expected });
    expect(report.submissions.map((outcome) => outcome.file)).toEqual(['accepted/ok.py']);
  });

  it('judges every submission with the problem\'s time limit and says whether each got its verdict', async () => {
    const problem = await problemWith(
      { 'accepted/ok.py': 'AC 10', 'wrong_answer/wa.py': 'AC 10', 'compile_error/ce.c': 'CE', 'accepted/x.rb': 'AC' },
      { timeLimitSource: 'problem' },
    );
    const calls: { source: string; timeLimitMs?: number }[] = [];
    const report = await verifyProblem(problem, { sandbox, languages, judge: fakeJudge(calls) });
    expect(report.ok).toBe(false);
    expect(report.timeLimitMs).toBe(1000);
    expect(report.timeLimitSource).toBe('problem');
    expect(report.submissions.map((outcome) => [outcome.file, outcome.expected, outcome.got, outcome.ok])).toEqual([
      ['accepted/ok.py', 'AC', 'AC', true],
      ['accepted/x.rb', 'AC', undefined, true],
      ['wrong_answer/wa.py', 'WA', 'AC', false],
      ['compile_error/ce.c', 'CE', 'CE', true],
    ]);
    expect(report.submissions[1].skipped).toBe('no language judges ".rb" files (add one with --languages FILE)');
    expect(report.submissions[2].detail).toBe('passed all tests (2)');
    expect(calls.every((call) => call.timeLimitMs === 1000)).toBe(true);
  });

  it('infers a missing time limit from the slowest accepted submission, then judges the rest with it', async () => {
    const problem = await problemWith(
      { 'accepted/fast.c': 'AC 40', 'accepted/slow.py': 'AC 700', 'time_limit_exceeded/loop.py': 'AC 5000', 'wrong_answer/wa.c': 'WA 10' },
      { timeLimitSource: 'unknown', timeLimitRule: MULTIPLE_TIME_RULE },
    );
    const calls: { source: string; timeLimitMs?: number }[] = [];
    const events: VerifyEvent[] = [];
    const report = await verifyProblem(problem, { sandbox, languages, judge: fakeJudge(calls), onEvent: (event) => events.push(event) });
    // 700 ms × 2 = 1.4 s, rounded up to whole seconds
    expect(report).toMatchObject({ timeLimitMs: 2000, timeLimitSource: 'inferred', ok: true });
    expect(report.timeLimitDetail).toMatch(/slowest accepted 700 ms × ac_to_time_limit 2/);
    // the accepted ones first with a generous limit; the TLE one at the limit × time_limit_to_tle
    expect(calls).toEqual([
      { source: 'AC 40', timeLimitMs: 20_000 },
      { source: 'AC 700', timeLimitMs: 20_000 },
      { source: 'WA 10', timeLimitMs: 2000 },
      { source: 'AC 5000', timeLimitMs: 3000 },
    ]);
    const order = events.filter((event) => event.type === 'time-limit' || event.type === 'submission-started').map((event) => event.type);
    expect(order).toEqual(['submission-started', 'submission-started', 'time-limit', 'submission-started', 'submission-started']);
  });

  it('a legacy package infers with problemtools\' rule', async () => {
    const problem = await problemWith({ 'accepted/a.c': 'AC 320' }, { timeLimitSource: 'unknown', timeLimitRule: LEGACY_TIME_RULE });
    const report = await verifyProblem(problem, { sandbox, languages, judge: fakeJudge() });
    expect(report.timeLimitMs).toBe(2000); // int(0.5 + 0.32 × 5) = 2
  });

  it('a legacy package\'s time_limit_exceeded submission is judged with problemtools\' margin on the unrounded limit', async () => {
    const problem = await problemWith(
      { 'accepted/a.c': 'AC 110', 'time_limit_exceeded/loop.c': 'AC 5000' },
      { timeLimitSource: 'unknown', timeLimitRule: { ...LEGACY_TIME_RULE, safetyMargin: 4 } },
    );
    const calls: { source: string; timeLimitMs?: number }[] = [];
    const report = await verifyProblem(problem, { sandbox, languages, judge: fakeJudge(calls) });
    expect(report.timeLimitMs).toBe(1000); // int(0.5 + 0.11 × 5) = 1
    // max(1 + 1, int(0.5 + 0.55 × 4)) = 2 s, not 1 s × 4
    expect(calls.at(-1)).toEqual({ source: 'AC 5000', timeLimitMs: 2000 });
  });

  it('a package\'s run_time_error submission may run out of memory: the format has no MLE verdict', async () => {
    const submissions = { 'run_time_error/oom.c': 'MLE 10', 'run_time_error/wa.c': 'WA 10' };
    const icpc = await verifyProblem(await problemWith(submissions, { timeLimitSource: 'problem' }), { sandbox, languages, judge: fakeJudge() });
    expect(icpc.submissions.map((outcome) => [outcome.file, outcome.expected, outcome.got, outcome.ok])).toEqual([
      ['run_time_error/oom.c', 'RE', 'MLE', true],
      ['run_time_error/wa.c', 'RE', 'WA', false],
    ]);
    // a native problem has memory_limit_exceeded/ for that
    const native = await verifyProblem(await problemWith(submissions, { format: 'native' }), { sandbox, languages, judge: fakeJudge() });
    expect(native.submissions[0]).toMatchObject({ got: 'MLE', ok: false });
  });

  it('judges --jobs submissions at once', async () => {
    const problem = await problemWith(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`accepted/${i}.py`, 'AC 1'])), { timeLimitSource: 'problem' });
    let running = 0;
    let most = 0;
    const judge = fakeJudge();
    const report = await verifyProblem(problem, {
      sandbox,
      languages,
      jobs: 3,
      judge: async (...args) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        return judge(...args);
      },
    });
    expect(most).toBe(3);
    expect(report.submissions.map((outcome) => outcome.file)).toEqual(['0', '1', '2', '3', '4', '5'].map((i) => `accepted/${i}.py`));
  });

  it('a failure of the machinery is thrown once every running judge has ended', async () => {
    const problem = await problemWith({ 'accepted/a.py': 'AC 1', 'accepted/b.py': 'AC 1', 'accepted/c.py': 'AC 1' }, { timeLimitSource: 'problem' });
    const ended: string[] = [];
    const judge = fakeJudge();
    const verifying = verifyProblem(problem, {
      sandbox,
      languages,
      jobs: 2,
      judge: async (input, ...rest) => {
        if (input.source.startsWith('AC') && ended.length === 0 && !ended.includes('failed')) {
          ended.push('failed');
          throw Object.assign(new Error('the Docker daemon went away'), { code: 'SANDBOX_UNAVAILABLE' });
        }
        await new Promise((resolve) => setTimeout(resolve, 30));
        ended.push(input.source);
        return judge(input, ...rest);
      },
    });
    await expect(verifying).rejects.toMatchObject({ code: 'SANDBOX_UNAVAILABLE' });
    // the second worker finished its submission; no third one was started
    expect(ended).toEqual(['failed', 'AC 1']);
  });

  it('nothing to judge is not a success', async () => {
    const problem = await problemWith({});
    const report = await verifyProblem(problem, { sandbox, languages, judge: fakeJudge() });
    expect(report.ok).toBe(false);
    expect((await verifyProblem(problem, { sandbox, languages, judge: fakeJudge(), submissionsDir: null })).submissions).toEqual([]);
  });
});

describe('outcomeOf', () => {
  const base: JudgeResult = {
    verdict: 'AC',
    language: 'c',
    problem: 'p',
    compile: { ok: true, timeMs: 1, output: '' },
    tests: [
      { name: '1', verdict: 'AC', timeMs: 500, wallMs: 1, memoryKb: 1 },
      { name: '2', verdict: 'AC', timeMs: 1200, wallMs: 1, memoryKb: 1 },
    ],
    timeMs: 1200,
    memoryKb: 1,
  };
  const tle = EXPECTATIONS.find((expectation) => expectation.folder === 'time_limit_exceeded')!;
  const partial = EXPECTATIONS.find((expectation) => expectation.folder === 'partially_accepted')!;

  it('a TLE submission that finishes within the safety margin is TLE at the limit, with a warning', () => {
    const outcome = outcomeOf({ file: 'time_limit_exceeded/x.c', expected: tle }, base, 1000, 1500);
    expect(outcome).toMatchObject({ got: 'TLE', ok: true });
    expect(outcome.warning).toMatch(/only within the safety margin: 1200 ms on 2/);
    expect(outcomeOf({ file: 'x', expected: tle }, { ...base, tests: base.tests.slice(0, 1), timeMs: 500 }, 1000, 1500)).toMatchObject({ got: 'AC', ok: false });
  });

  it('partially_accepted: judged, scored, below the maximum', () => {
    expect(outcomeOf({ file: 'x', expected: partial }, { ...base, verdict: 'WA', score: 40, maxScore: 100 }, 1000, 1000).ok).toBe(true);
    expect(outcomeOf({ file: 'x', expected: partial }, { ...base, score: 100, maxScore: 100 }, 1000, 1000)).toMatchObject({ ok: false, detail: 'full score 100/100: not a partial solution' });
    expect(outcomeOf({ file: 'x', expected: partial }, { ...base, verdict: 'WA' }, 1000, 1000)).toMatchObject({ ok: false, detail: 'the problem has no scoring groups' });
  });
});
