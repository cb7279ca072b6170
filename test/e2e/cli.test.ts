/**
 * The built CLI, end to end (bin/sonocode.js → dist/): exit codes, the --json contract of
 * SPEC §4, errors that name the place, help text. Needs `npm run build` first (npm test does it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/sonocode.js');
const work = mkdtempSync(join(tmpdir(), 'sonocode-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sonocode(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 170_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: string): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

const sumProblem = file(
  'sum.yaml',
  `title: Sum
limits: {timeLimitMs: 1000, memoryLimitMb: 128}
testCases:
  - {input: "1 2\\n", output: "3\\n", sample: true}
  - {input: "5 5\\n", output: "10\\n"}
  - {input: "-7 2\\n", output: "-5\\n"}
`,
);

describe('sonocode submit', () => {
  it('exits 0 on AC and prints exactly one JSON object with the SPEC §4 fields', () => {
    const run = sonocode(['submit', sumProblem, file('ok.py', 'a, b = map(int, input().split())\nprint(a + b)\n'), '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ verdict: 'AC', language: 'python', problem: 'sum', compile: { ok: true } });
    expect(typeof result.compile.timeMs).toBe('number');
    expect(typeof result.compile.output).toBe('string');
    expect(result.tests).toHaveLength(3);
    for (const test of result.tests) {
      expect(test).toMatchObject({ verdict: 'AC' });
      for (const key of ['timeMs', 'wallMs', 'memoryKb']) expect(typeof test[key]).toBe('number');
      expect(typeof test.name).toBe('string');
    }
    expect(typeof result.timeMs).toBe('number');
    expect(typeof result.memoryKb).toBe('number');
  });

  it('exits 1 on a wrong answer, stopping at the first failing test unless --all', () => {
    const wrong = file('wrong.cpp', '#include <cstdio>\nint main(){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n", a==1?3:a*b);}');
    const run = sonocode(['submit', sumProblem, wrong, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.verdict).toBe('WA');
    expect(result.tests.map((test: { verdict: string }) => test.verdict)).toEqual(['AC', 'WA']);
    const all = JSON.parse(sonocode(['submit', sumProblem, wrong, '--json', '--all']).stdout);
    expect(all.tests.map((test: { verdict: string }) => test.verdict)).toEqual(['AC', 'WA', 'WA']);
  });

  it('exits 1 with CE and the compiler message', () => {
    const run = sonocode(['submit', sumProblem, file('broken.c', 'int main( { return 0; }'), '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.verdict).toBe('CE');
    expect(result.compile.ok).toBe(false);
    expect(result.compile.output).toMatch(/error/);
  });

  it('prints plain progress lines when piped', () => {
    const run = sonocode(['submit', sumProblem, file('ok2.js', 'const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\\s+/).map(Number);\nconsole.log(a + b);\n')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/AC/);
    expect(run.stdout).not.toMatch(/\x1b\[/); // no colour or cursor control in a pipe
  });

  it('exits 2 and names the field when the problem file is broken', () => {
    const broken = file('broken.yaml', 'title: Broken\ntestCases:\n  - {input: "1\\n", output: 3}\n  - {input: "2\\n", outptu: "4\\n"}\n');
    const run = sonocode(['submit', broken, file('any.py', 'print(1)\n'), '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/testCases\[0\]\.output/);
    expect(run.stderr).toMatch(/testCases\[1\]/);
    expect(run.stderr).toMatch(/broken\.yaml:\d+/);
    expect(run.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // never a stack trace
  });

  it('exits 2 on usage errors: unknown language, bad numbers, missing files', () => {
    expect(sonocode(['submit', sumProblem, file('code.xyz', 'x')]).code).toBe(2);
    const badLimit = sonocode(['submit', sumProblem, file('ok3.py', 'print(3)'), '--time-limit-ms', 'soon']);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/--time-limit-ms/);
    expect(sonocode(['submit', sumProblem, join(work, 'missing.py')]).code).toBe(2);
    expect(sonocode(['submit', join(work, 'missing.yaml'), file('ok4.py', 'print(3)')]).code).toBe(2);
    expect(sonocode(['submit']).code).toBe(2);
    expect(sonocode(['no-such-command']).code).toBe(2);
  });

  it('judges a function-style problem from the user part alone', () => {
    const run = sonocode(['submit', 'problems/two-sum', 'problems/two-sum/submissions/accepted/solution.py', '--json']);
    expect(JSON.parse(run.stdout).verdict).toBe('AC');
    expect(run.code).toBe(0);
  });
});

describe('other commands', () => {
  it('run: shows the program output on custom input', () => {
    const run = sonocode(['run', sumProblem, file('echo.py', 'a, b = map(int, input().split())\nprint(a * 100 + b)\n'), '--input', '-'], '4 2\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('402');
  });

  it('run --input - streams standard input: 256 MiB piped through the CLI, whose own peak memory stays far below it', () => {
    const count = file('count.py', 'import sys\nn = 0\nwhile chunk := sys.stdin.buffer.read(1 << 20):\n    n += len(chunk)\nprint(n)\n');
    const bytes = 256 * 1024 * 1024;
    // python waits for the pipeline and reads the largest peak resident set of its children: the CLI's
    const measure = [
      'import resource, subprocess, sys',
      'done = subprocess.run(sys.argv[1:], capture_output=True, text=True)',
      'print(done.returncode, done.stdout.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)',
    ].join('\n');
    const pipeline = `head -c ${bytes} /dev/zero | ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} run problems/a-plus-b ${JSON.stringify(count)} --input -`;
    const result = spawnSync('/usr/bin/python3', ['-c', measure, 'bash', '-o', 'pipefail', '-c', pipeline], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 170_000,
    });
    const [code, counted, peakKb] = result.stdout.trim().split(' ').map(Number);
    expect(code, result.stderr).toBe(0);
    expect(counted).toBe(bytes);
    // holding the input would take at least its size; streamed, the CLI needs its usual ~100 MiB
    expect(peakKb).toBeLessThan(bytes / 1024 / 2);
  });

  it('run: diffs against the samples without --input', () => {
    const bad = sonocode(['run', sumProblem, file('off.py', 'a, b = map(int, input().split())\nprint(a + b + 1)\n')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/4/);
  });

  it('problems validate: every error with its path, exit 2; a good problem with its solutions, exit 0', () => {
    const broken = file('two-errors.yaml', 'title: 5\ndifficulty: extreme\ntestCases: []\n');
    const bad = sonocode(['problems', 'validate', broken]);
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toMatch(/difficulty/);
    expect(bad.stdout + bad.stderr).toMatch(/testCases/);
    const good = sonocode(['problems', 'validate', 'problems/a-plus-b']);
    expect(good.code).toBe(0);
  });

  it('problems list and show never reveal hidden tests', () => {
    const list = sonocode(['problems', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('two-sum');
    const show = sonocode(['problems', 'show', 'problems/two-sum']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('2 7 11 15');
    expect(show.stdout).not.toContain('1000000000 -999999999');
  });

  it('doctor: reports a working sandbox', () => {
    const run = sonocode(['doctor']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/docker/i);
  });

  it('--help on every command, with examples', () => {
    for (const command of [[], ['submit'], ['run'], ['problems'], ['problems', 'validate'], ['doctor']]) {
      const run = sonocode([...command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Usage:/);
      if (command.length) expect(run.stdout).toMatch(/Example/i);
    }
  });
});
