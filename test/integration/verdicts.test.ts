/**
 * Every verdict comes out of the real pipeline (compile in the sandbox, run, check), in C++ and
 * Python at least, for programs written to earn it.
 */
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../src/judge/languages.js';
import { judgeSubmission } from '../../src/judge/pipeline.js';
import type { JudgeEvent } from '../../src/judge/events.js';
import { DockerBackend } from '../../src/sandbox/docker/backend.js';
import { sumProblem } from '../support/problems.js';

const sandbox = new DockerBackend();
const languages = new LanguageRegistry();

function judge(language: string, source: string, options: Parameters<typeof judgeSubmission>[2] = {}) {
  return judgeSubmission({ problem: sumProblem(), source, language: languages.get(language) }, sandbox, options);
}

const programs: Record<string, Record<string, string>> = {
  cpp: {
    AC: '#include <bits/stdc++.h>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<"\\n";}',
    WA: '#include <bits/stdc++.h>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a-b<<"\\n";}',
    'TLE-busy': 'int main(){volatile unsigned long x=0;for(;;)x++;}',
    'TLE-sleep': '#include <unistd.h>\nint main(){sleep(60);}',
    MLE: '#include <bits/stdc++.h>\nint main(){std::vector<char*> v;for(;;){char*p=new char[1<<24];memset(p,1,1<<24);v.push_back(p);}}',
    'RE-signal': '#include <cstdio>\nint main(){int*p=nullptr;*p=1;printf("%d",*p);}',
    'RE-exit': 'int main(){return 3;}',
    CE: 'int main(){ this is not C++ }',
    OLE: '#include <cstdio>\nint main(){for(;;)puts("spam spam spam spam spam spam");}',
  },
  python: {
    AC: 'a, b = map(int, input().split())\nprint(a + b)',
    WA: 'a, b = map(int, input().split())\nprint(a * b)',
    'TLE-busy': 'while True:\n    pass',
    'TLE-sleep': 'import time\ntime.sleep(60)',
    MLE: 'a = []\nwhile True:\n    a.append(bytearray(1 << 24))',
    'RE-signal': 'import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)',
    'RE-exit': 'raise ValueError("boom")',
    CE: 'def broken(:\n    pass',
    OLE: 'import sys\nwhile True:\n    sys.stdout.write("spam " * 1000)',
  },
};

describe.each(Object.keys(programs))('%s programs earn their verdicts', (language) => {
  it.each(Object.entries(programs[language]))('%s', async (expected, source) => {
    const result = await judge(language, source);
    expect(result.verdict).toBe(expected.split('-')[0]);
    if (expected === 'CE') {
      expect(result.compile.ok).toBe(false);
      expect(result.compile.output.length).toBeGreaterThan(0);
      expect(result.tests).toEqual([]);
    } else {
      expect(result.compile.ok).toBe(true);
    }
    if (expected === 'TLE-busy') expect(result.tests[0].timeMs).toBeGreaterThanOrEqual(1000);
    if (expected === 'TLE-sleep') expect(result.tests[0].timeMs).toBeLessThan(500);
    if (expected === 'RE-signal') expect(result.tests[0].signal).toBe('SIGSEGV');
    if (expected === 'MLE') expect(result.tests[0].memoryKb).toBeGreaterThan(100 * 1024);
  });
});

describe('judging flow', () => {
  it('emits compile, per-test and final events in order', async () => {
    const events: JudgeEvent[] = [];
    const result = await judge('cpp', programs.cpp.AC, { onEvent: (event) => events.push(event) });
    expect(result.verdict).toBe('AC');
    expect(events.map((event) => event.type)).toEqual([
      'compile-started',
      'compile-finished',
      ...result.tests.flatMap(() => ['test-started', 'test-finished']),
      'finished',
    ]);
    expect(result.tests.map((test) => test.name)).toEqual(['sample-1', 'test-1', 'test-2']);
  });

  it('stops at the first failing test, or runs them all with `all`', async () => {
    const firstOnly = 'a, b = map(int, input().split())\nprint(3 if a == 1 else 1)';
    const stopped = await judge('python', firstOnly);
    expect(stopped.verdict).toBe('WA');
    expect(stopped.tests.map((test) => test.verdict)).toEqual(['AC', 'WA']);
    const all = await judge('python', firstOnly, { all: true });
    expect(all.verdict).toBe('WA');
    expect(all.tests.map((test) => test.verdict)).toEqual(['AC', 'WA', 'WA']);
  });

  it('measures each test alone: a heavy test does not inflate the light ones', async () => {
    const problem = sumProblem();
    const source = 'a, b = map(int, input().split())\nif a == -5:\n    x = bytearray(60 << 20)\n    x[::4096] = b"x" * len(x[::4096])\n    s = sum(range(3_000_000))\nprint(a + b)';
    const result = await judgeSubmission({ problem, source, language: languages.get('python') }, sandbox);
    expect(result.verdict).toBe('AC');
    const [light, heavy, lightAgain] = result.tests;
    expect(heavy.memoryKb).toBeGreaterThan(50 * 1024);
    expect(lightAgain.memoryKb).toBeLessThan(heavy.memoryKb / 2);
    expect(heavy.timeMs).toBeGreaterThan(light.timeMs);
    expect(result.memoryKb).toBe(heavy.memoryKb);
  });

  it('honours time and memory overrides', async () => {
    const slow = 'import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4: pass\na, b = map(int, input().split())\nprint(a + b)';
    expect((await judge('python', slow)).verdict).toBe('AC');
    expect((await judge('python', slow, { timeLimitMs: 200 })).verdict).toBe('TLE');
  });

  it('gives every test a fresh start: files a test leaves and changes to the program do not reach the next', async () => {
    // Test 1 leaves files in every writable place and tries to rewrite its own program; later tests
    // look for them. The right answer is printed only if nothing is found.
    const source = [
      'import glob, os',
      'a, b = map(int, input().split())',
      'found = glob.glob("/tmp/*") + glob.glob("/box/*") + glob.glob("/box/.*")',
      'for path in ["/tmp/cache", "/box/cache", "/box/.hidden", "cache"]:',
      '    try:',
      '        open(path, "w").write("state")',
      '    except OSError:',
      '        pass',
      'try:',
      "    open(__file__, 'a').write('\\nprint(1)')",
      'except OSError:',
      '    pass',
      'try:',
      '    os.makedirs("/tmp/locked/inner")',
      '    open("/tmp/locked/inner/f", "w").write("state")',
      '    os.chmod("/tmp/locked/inner", 0)',
      '    os.chmod("/tmp/locked", 0)',
      'except OSError:',
      '    pass',
      'print(a + b if not found else "state from an earlier test")',
    ].join('\n');
    const result = await judge('python', source, { all: true });
    expect(result.tests.map((test) => test.verdict)).toEqual(['AC', 'AC', 'AC']);
  });

  it('names a Java file after its public class, whatever it is called', async () => {
    const source = 'import java.util.*;\npublic class Adder { public static void main(String[] a) { Scanner s = new Scanner(System.in); System.out.println(s.nextLong() + s.nextLong()); } }';
    expect((await judge('java', source)).verdict).toBe('AC');
    const noPublic = 'import java.util.*;\nclass Main { public static void main(String[] a) { Scanner s = new Scanner(System.in); System.out.println(s.nextLong() + s.nextLong()); } }';
    expect((await judge('java', noPublic)).verdict).toBe('AC');
  });

  it('turns a compile-time bomb into CE without hanging the judge', async () => {
    const result = await judge('cpp', '#include </dev/random>\nint main(){}');
    expect(result.verdict).toBe('CE');
    const huge = await judge('cpp', 'char big[1u<<31] = {1};\nint main(){ return big[5]; }');
    expect(huge.verdict).toBe('CE');
  });
});
