/**
 * Interactive problems through the real sandbox, on every backend: the submission and the
 * interactor each in a box of their own, talking through pipes; every way an interaction can end.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../src/judge/languages.js';
import { judgeSubmission } from '../../src/judge/pipeline.js';
import type { Problem } from '../../src/judge/problem/types.js';
import { testProblem } from '../../src/judge/testing.js';
import { BACKENDS } from './sandbox/backends.js';

const languages = new LanguageRegistry();
const fixtures = join(import.meta.dirname, '../fixtures/interactive');

function guessProblem(interactor = 'interactor.py', language = 'python'): Problem {
  return testProblem({
    slug: 'guess',
    limits: { timeLimitMs: 1000, memoryLimitMb: 256, outputLimitKb: 1024 },
    interactor: { type: 'custom', sourcePath: join(fixtures, interactor), language },
    testCases: [
      { name: 'low', input: { text: '1\n' }, output: { text: '1\n' } },
      { name: 'middle', input: { text: '500\n' }, output: { text: '500\n' } },
      { name: 'high', input: { text: '1000\n' }, output: { text: '1000\n' } },
    ],
  });
}

const binarySearch = {
  python: 'lo, hi = 1, 1000\nwhile True:\n    mid = (lo + hi) // 2\n    print(mid, flush=True)\n    answer = input()\n    if answer == "correct":\n        break\n    if answer == "lower":\n        hi = mid - 1\n    else:\n        lo = mid + 1\n',
  cpp: '#include <bits/stdc++.h>\nint main(){int lo=1,hi=1000;std::string a;while(true){int mid=(lo+hi)/2;std::cout<<mid<<std::endl;std::cin>>a;if(a=="correct")break;if(a=="lower")hi=mid-1;else lo=mid+1;}}\n',
};

describe.each(BACKENDS)('interactive problems on the $name sandbox', ({ make }) => {
  const sandbox = make();
  const judge = (language: string, source: string, problem = guessProblem()) => judgeSubmission({ problem, source, language: languages.get(language) }, sandbox, { all: true });

  it.each(Object.entries(binarySearch))('accepts a binary search (%s), with the submission\'s own figures', async (language, source) => {
    const result = await judge(language, source);
    expect(result.tests.map((test) => test.verdict)).toEqual(['AC', 'AC', 'AC']);
    expect(result.tests[1].message).toMatch(/found in \d+ guesses/);
    expect(result.verdict).toBe('AC');
    for (const test of result.tests) expect(test.memoryKb).toBeGreaterThan(0);
  });

  it('keeps the verdict of a C++ interactor that writes to a submission already gone (no death by SIGPIPE)', async () => {
    const result = await judge('python', 'print(500, flush=True)\n', guessProblem('interactor.cpp', 'cpp'));
    expect(result.tests.map((test) => test.verdict)).toEqual(['WA', 'AC', 'WA']);
    expect(result.tests[0].message).toMatch(/stopped after 1 guesses/);
  });

  it('gives WA when the interactor rejects: too many guesses, with its judge message', async () => {
    const linear = 'guess = 1\nwhile True:\n    print(guess, flush=True)\n    if input() == "correct":\n        break\n    guess += 1\n';
    const result = await judge('python', linear);
    expect(result.tests.map((test) => test.verdict)).toEqual(['AC', 'WA', 'WA']);
    expect(result.tests[1].message).toBe('more than 12 guesses');
  });

  it('gives WA to a submission that exits early, and its own verdict to one that crashes before the interactor rejects', async () => {
    const early = await judge('python', 'print(500, flush=True)\n');
    expect(early.tests.map((test) => test.verdict)).toEqual(['WA', 'AC', 'WA']);
    expect(early.tests[0].message).toMatch(/stopped after 1 guesses/);
    const crash = await judge('python', 'import sys\nsys.stdin.readline\nraise SystemExit(3)\n');
    expect(crash.tests[0].verdict === 'RE' || crash.tests[0].verdict === 'WA').toBe(true);
  });

  it('ends an interaction where both wait at the wall limit as TLE, and one that never answers', async () => {
    const silent = await judge('python', 'import time\ntime.sleep(60)\n');
    expect(silent.tests[0].verdict).toBe('TLE');
    const waits = await judge('python', 'input()\n');
    expect(waits.tests[0].verdict).toBe('TLE');
  });

  it('survives a submission that floods the pipe: the interactor rejects the garbage', async () => {
    const flood = await judge('python', 'import sys\nwhile True:\n    sys.stdout.write("9" * 65536)\n');
    expect(['WA', 'RE']).toContain(flood.tests[0].verdict);
  });

  it('gives WA when the interactor rejected first, though the submission then runs into its time limit (problemtools: guess_tle)', async () => {
    const result = await judge('python', 'print("x", flush=True)\nwhile True:\n    pass\n');
    expect(result.tests.map((test) => test.verdict)).toEqual(['WA', 'WA', 'WA']);
    expect(result.tests[0].message).toBe("guess 1 is not a number: 'x'");
  });

  it('says IE when the interactor crashes, though the submission then runs into its time limit', async () => {
    const result = await judge('python', 'while True:\n    pass\n', guessProblem('crashing.py'));
    expect(result.tests[0].verdict).toBe('IE');
  });

  it('lets an interactor that closes its output say end-of-file to the submission', async () => {
    const sum = testProblem({
      slug: 'sum-to-eof',
      limits: { timeLimitMs: 1000, memoryLimitMb: 256, outputLimitKb: 1024 },
      interactor: { type: 'custom', sourcePath: join(fixtures, 'closes-output.py'), language: 'python' },
      testCases: [{ name: 'only', input: { text: '0\n' }, output: { text: '0\n' } }],
    });
    const result = await judge('python', 'import sys\nprint(sum(map(int, sys.stdin.read().split())), flush=True)\n', sum);
    expect([result.verdict, result.tests[0].message]).toEqual(['AC', 'the sum']);
    expect(result.tests[0].wallMs).toBeLessThan(1000);
  });

  it('says IE (the problem is broken) when the interactor crashes', async () => {
    const result = await judge('python', binarySearch.python, guessProblem('crashing.py'));
    expect(result.verdict).toBe('IE');
    expect(result.tests[0].message).toMatch(/the interactor failed \(exit code 1/);
  });

  it('keeps the interactor out of the submission\'s reach: it can neither see, signal nor read it', async () => {
    const attack = [
      'import os, signal',
      'seen = [p for p in os.listdir("/proc") if p.isdigit()]',
      'for p in seen:',
      '    try: os.kill(int(p), signal.SIGKILL) if int(p) != os.getpid() else None',
      '    except OSError: pass',
      'found = [f for f in ("/box/judge", "/box/feedback") if os.path.exists(f)]',
      'print(len(seen) <= 4 and not found and 500 or 1, flush=True)',
      'input()',
    ].join('\n');
    const result = await judge('python', attack);
    // the submission's own guess is 500 only when it saw nothing of the interactor: the middle test passes
    expect(result.tests[1].verdict).toBe('AC');
    // and the interactor lived to judge every test
    expect(result.tests.every((test) => test.verdict === 'AC' || test.verdict === 'WA')).toBe(true);
  });
});
