/**
 * ICPC/Kattis packages judged for real (Docker): each format generation, the default validator's
 * flags per group (float tolerances at their boundary, case sensitivity), a custom multi-file C++
 * validator compiled once for every submission, scoring groups with a partial score, a symlinked test,
 * nested groups, and `verify` over a package with one submission of each verdict in several languages.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../../src/judge/languages.js';
import { judgeSubmission } from '../../../src/judge/pipeline.js';
import { loadProblem } from '../../../src/judge/problem/load.js';
import type { Problem } from '../../../src/judge/problem/types.js';
import { verifyProblem, type VerifyReport } from '../../../src/judge/verify.js';
import { DockerBackend } from '../../../src/sandbox/docker/backend.js';
import type { PrepareOptions, SandboxBackend } from '../../../src/sandbox/types.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/icpc');
const docker = new DockerBackend();
const languages = new LanguageRegistry();

/** The Docker sandbox, counting the checker sessions it prepares (one per compiled validator). */
function countingSandbox(): SandboxBackend & { checkerSessions: number } {
  const sandbox = {
    name: docker.name,
    checkerSessions: 0,
    check: () => docker.check(),
    reap: () => docker.reap(),
    prepare: (options: PrepareOptions) => {
      if (options.labels?.['dev.sonocode.role'] === 'checker') sandbox.checkerSessions++;
      return docker.prepare(options);
    },
  };
  return sandbox;
}

async function verify(name: string, jobs = 2): Promise<{ report: VerifyReport; problem: Problem; checkerSessions: number }> {
  const problem = await loadProblem(path.join(fixtures, name));
  const sandbox = countingSandbox();
  const report = await verifyProblem(problem, { sandbox, languages, judge: judgeSubmission, jobs });
  return { report, problem, checkerSessions: sandbox.checkerSessions };
}

function table(report: VerifyReport): [string, string | undefined, boolean][] {
  return report.submissions.map((outcome) => [outcome.file, outcome.got, outcome.ok]);
}

async function judgeFile(problem: Problem, file: string, options: Parameters<typeof judgeSubmission>[2] = {}) {
  const source = await readFile(path.join(problem.directory!, 'submissions', file), 'utf8');
  return judgeSubmission({ problem, source, language: languages.resolve(file) }, docker, options);
}

describe('legacy package: inferred time limit, one submission of each verdict, in C, C++, Python and Java', () => {
  it('verify: every submission gets what its folder says; the time limit comes from the slowest accepted one', async () => {
    const { report } = await verify('legacy-sum');
    expect(table(report)).toEqual([
      ['accepted/Sum.java', 'AC', true],
      ['accepted/sum.c', 'AC', true],
      ['accepted/sum.py', 'AC', true],
      ['wrong_answer/int-overflow.cpp', 'WA', true],
      ['time_limit_exceeded/quadratic.py', 'TLE', true],
      ['run_time_error/no-input-check.py', 'RE', true],
      ['compile_error/missing-semicolon.cpp', 'CE', true],
    ]);
    expect(report.ok).toBe(true);
    expect(report.timeLimitSource).toBe('inferred');
    // problemtools' rule: max(1 s, round(slowest × 5)); the accepted ones run in well under 200 ms
    expect(report.timeLimitMs).toBe(1000);
    // the TLE submission was judged with the safety margin (2 × the limit)
    expect(report.submissions.find((outcome) => outcome.file.startsWith('time_limit_exceeded'))?.timeMs).toBeGreaterThanOrEqual(1000);
  });

  it('a symlinked test and a nested group are judged like the others', async () => {
    const problem = await loadProblem(path.join(fixtures, 'legacy-sum'));
    const result = await judgeFile(problem, 'accepted/sum.py', { timeLimitMs: 1000 });
    expect(result.tests.map((test) => [test.name, test.verdict])).toEqual([
      ['sample/1', 'AC'],
      ['secret/01-negative', 'AC'],
      ['secret/02-sample-again', 'AC'],
      ['secret/big/01-large', 'AC'],
      ['secret/big/02-many', 'AC'],
    ]);
  });
});

describe('2023-07 draft package: default validator flags per group', () => {
  it('float tolerances pass at their boundary and fail just past it; case sensitivity per group', async () => {
    const { report, checkerSessions } = await verify('float-2023');
    expect(table(report)).toEqual([
      ['accepted/at-the-tolerance.py', 'AC', true],
      ['accepted/echo.py', 'AC', true],
      ['wrong_answer/over-absolute.py', 'WA', true],
      ['wrong_answer/over-relative.py', 'WA', true],
      ['wrong_answer/shouting.py', 'WA', true],
    ]);
    expect(checkerSessions).toBe(0); // the default validator is a comparator, not a program
    const problem = await loadProblem(path.join(fixtures, 'float-2023'));
    const failure = async (file: string) => {
      const result = await judgeFile(problem, file);
      const test = result.tests.find((candidate) => candidate.verdict !== 'AC');
      return `${test?.name}: ${test?.message}`;
    };
    expect(await failure('wrong_answer/over-absolute.py')).toMatch(/^secret\/1-absolute\/1: .*expected "0\.5", got "0\.5000011"/);
    expect(await failure('wrong_answer/over-relative.py')).toMatch(/^secret\/2-relative\/1: .*expected "1000000", got "1000001\.5"/);
    expect(await failure('wrong_answer/shouting.py')).toMatch(/^secret\/4-exact-case\/1: .*expected "World", got "WORLD"/);
  });
});

describe('2025-09 package: a custom multi-file C++ validator', () => {
  it('is compiled once for all submissions; its judgemessage.txt is the test\'s message; its arguments come per group', async () => {
    const { report, checkerSessions, problem } = await verify('permutation-2025');
    expect(table(report)).toEqual([
      ['accepted/sort.cpp', 'AC', true],
      ['accepted/sorted.py', 'AC', true],
      ['wrong_answer/drop-last.c', 'WA', true],
      ['wrong_answer/reverse.py', 'WA', true],
      ['run_time_error/exit-code.py', 'RE', true],
    ]);
    expect(checkerSessions).toBe(1);
    const reverse = await judgeFile(problem, 'wrong_answer/reverse.py', { all: true });
    // any order passes, except in the `sorted` group, whose test_group.yaml passes the argument
    expect(reverse.tests.map((test) => [test.name, test.verdict, test.message])).toEqual([
      ['sample/1', 'AC', undefined],
      ['secret/any/1', 'AC', undefined],
      ['secret/any/2', 'AC', undefined],
      ['secret/sorted/1', 'WA', 'not in ascending order at position 2'],
    ]);
    const dropped = await judgeFile(problem, 'wrong_answer/drop-last.c');
    expect(dropped.tests[0]).toMatchObject({ verdict: 'WA', message: 'expected 3 numbers, got 2' });
  });

  it('a validator that does not compile makes every test IE at judge time, and the package invalid for verify', async () => {
    const problem = await loadProblem(path.join(fixtures, 'broken/validator-ce'));
    const result = await judgeFile(problem, 'accepted/echo.py');
    expect(result.verdict).toBe('IE');
    expect(result.tests[0].message).toMatch(/does not compile:[\s\S]*expected ‘;’|does not compile:[\s\S]*expected ';'/);
    await expect(verifyProblem(problem, { sandbox: docker, languages, judge: judgeSubmission })).rejects.toMatchObject({
      code: 'PROBLEM_INVALID',
      file: path.join(fixtures, 'broken/validator-ce/output_validator'),
    });
  });
});

describe('2025-09 scoring package: two groups, require_pass', () => {
  it('a partial solution scores its group; verify checks partially_accepted by the score', async () => {
    const { report, problem } = await verify('scoring-2025');
    expect(report.submissions.map((outcome) => [outcome.file, outcome.got, outcome.score, outcome.maxScore, outcome.ok])).toEqual([
      ['accepted/formula.py', 'AC', 100, 100, true],
      ['wrong_answer/zero.py', 'WA', 0, 100, true],
      ['partially_accepted/int32.c', 'WA', 40, 100, true],
    ]);
    const partial = await judgeFile(problem, 'partially_accepted/int32.c');
    expect(partial.groups).toEqual([
      { name: 'secret/group1', verdict: 'AC', score: 40, maxScore: 40 },
      { name: 'secret/group2', verdict: 'WA', score: 0, maxScore: 60 },
    ]);
    // after the first failure of the all-or-nothing group2, its other test is not judged
    expect(partial.tests.map((test) => test.name)).toEqual(['sample/1', 'secret/group1/01', 'secret/group1/02', 'secret/group2/01']);
    // judging goes on past a failed group: zero.py fails group1, group2 requires group1, so nothing more runs
    const zero = await judgeFile(problem, 'wrong_answer/zero.py');
    expect(zero.tests.map((test) => [test.name, test.verdict])).toEqual([['sample/1', 'WA'], ['secret/group1/01', 'WA']]);
  });
});

describe('other validators', () => {
  it('a legacy scoring package whose Python validator writes score.txt; a native single-file checker', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sonocode-icpc-score-'));
    try {
      const files: Record<string, string> = {
        'problem.yaml': 'name: Closest\ntype: scoring\nvalidation: custom score\n',
        'data/testdata.yaml': 'on_reject: continue\ngrader_flags: ignore_sample\n',
        'data/sample/1.in': '10\n',
        'data/sample/1.ans': '10\n',
        'data/secret/testdata.yaml': 'on_reject: continue\n',
        'data/secret/1.in': '7\n',
        'data/secret/1.ans': '7\n',
        'data/secret/2.in': '100\n',
        'data/secret/2.ans': '100\n',
        // score = 10 - |output - answer|, at least 0; anything not a number is WA
        'output_validators/closeness.py': [
          'import sys',
          'answer = int(open(sys.argv[2]).read())',
          'try:',
          '    got = int(sys.stdin.read())',
          'except ValueError:',
          '    open(sys.argv[3] + "judgemessage.txt", "w").write("not a number")',
          '    sys.exit(43)',
          'open(sys.argv[3] + "score.txt", "w").write(str(max(0, 10 - abs(got - answer))))',
          'sys.exit(42)',
        ].join('\n'),
      };
      for (const [name, content] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await writeFile(path.join(dir, name), content);
      }
      const problem = await loadProblem(dir);
      const judge = (source: string) => judgeSubmission({ problem, source, language: languages.get('python') }, docker, { timeLimitMs: 1000 });
      const offByThree = await judge('print(int(input()) + 3)');
      expect(offByThree).toMatchObject({ verdict: 'AC', score: 14 });
      expect(offByThree.tests.map((test) => test.score)).toEqual([7, 7, 7]);
      const words = await judge('print("many")');
      expect(words).toMatchObject({ verdict: 'WA', score: 0 });
      expect(words.tests[0].message).toBe('not a number');

      // the native format's custom checker: one source file, the same interface
      const native: Problem = {
        ...problem,
        format: 'native',
        scoring: undefined,
        checker: { type: 'custom', sourcePath: path.join(dir, 'output_validators/closeness.py'), language: 'python' },
      };
      const result = await judgeSubmission({ problem: native, source: 'print("x")', language: languages.get('python') }, docker, { timeLimitMs: 1000 });
      expect(result.tests[0]).toMatchObject({ verdict: 'WA', message: 'not a number' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a validator built by its own build script and started by its run script', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sonocode-icpc-script-'));
    try {
      const files: Record<string, string> = {
        'problem.yaml': 'problem_format_version: 2025-09\nname: Scripted\nlimits: {time_limit: 1}\n',
        'data/secret/1.in': '2\n',
        'data/secret/1.ans': '4\n',
        'output_validator/build': '#!/bin/sh\nset -e\nc++ -O2 -o check check.cpp\n',
        'output_validator/run': '#!/bin/sh\nexec ./check "$@"\n',
        // accepts any even number
        'output_validator/check.cpp': '#include <iostream>\nint main() { long long x; if (std::cin >> x && x % 2 == 0) return 42; return 43; }\n',
      };
      for (const [name, content] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await writeFile(path.join(dir, name), content);
      }
      const problem = await loadProblem(dir);
      expect(problem.checker).toMatchObject({ type: 'custom', language: 'script' });
      const judge = (source: string) => judgeSubmission({ problem, source, language: languages.get('python') }, docker);
      expect((await judge('print(10)')).verdict).toBe('AC');
      expect((await judge('print(3)')).verdict).toBe('WA');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('interactive packages (the output validator is the interactor)', () => {
  it('verify: a legacy guessing game with a C++ interactor, every submission as its folder says, two at a time', async () => {
    const { report, checkerSessions } = await verify('guess-legacy');
    expect(table(report)).toEqual([
      ['accepted/bisect.cpp', 'AC', true],
      ['accepted/bisect.py', 'AC', true],
      ['wrong_answer/linear.py', 'WA', true],
      ['time_limit_exceeded/silent.cpp', 'TLE', true],
      ['run_time_error/crash.py', 'RE', true],
    ]);
    // the interactor is built once and serves both jobs in turn
    expect(checkerSessions).toBe(1);
  });

  it('verify: a 2023-07 package whose interactor is built by build/run scripts (DOMjudge style)', async () => {
    const { report } = await verify('guess-scripted');
    expect(table(report)).toEqual([
      ['accepted/bisect.py', 'AC', true],
      ['wrong_answer/linear.py', 'WA', true],
    ]);
  });
});

