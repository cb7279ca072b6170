/** The CLI in-process, with fake judge and sandbox: flags, config, commands, exit codes and streams. */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageRegistryWithFile } from '../judge/languages-file.js';
import { LanguageRegistry } from '../judge/languages.js';
import { ProblemError } from '../judge/problem/errors.js';
import type { Problem } from '../judge/problem/types.js';
import { judgeResultSchema, type JudgeResult, type TestResult } from '../judge/result.js';
import { FakeSandbox, type FakeBehaviour } from '../judge/testing.js';
import { openJudge } from '../judge/pipeline.js';
import type { Verdict } from '../judge/verdict.js';
import { verifyProblem } from '../judge/verify.js';
import { SandboxError } from '../sandbox/errors.js';
import type { SandboxBackend } from '../sandbox/types.js';
import type { Deps } from './context.js';
import { conclude } from './exit-codes.js';
import { fakeIo, stripAnsi } from './fake-io.js';
import { runCli } from './run-cli.js';

let dir: string;
let solution: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sonocode-cli-test-'));
  solution = join(dir, 'solution.cpp');
  await writeFile(solution, 'int main() {}\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function problem(overrides: Partial<Problem> = {}): Problem {
  return {
    slug: 'two-sum',
    title: 'Two Sum',
    description: 'Find two numbers.',
    difficulty: 'easy',
    limits: { timeLimitMs: 2000, memoryLimitMb: 256, outputLimitKb: 65536 },
    checker: { type: 'tokens' },
    testCases: [
      { name: 'sample-1', sample: true, input: { text: '4\n2 7 11 15\n9\n' }, output: { text: '0 1\n' } },
      { name: 'sample-2', sample: true, input: { text: '3\n3 2 4\n6\n' }, output: { text: '1 2\n' } },
      { name: 'secret-1', sample: false, input: { text: 'HIDDEN-INPUT\n' }, output: { text: 'HIDDEN-OUTPUT\n' } },
    ],
    codeStubs: [],
    format: 'native',
    ...overrides,
  };
}

const fakeSandbox: SandboxBackend = {
  name: 'fake',
  async check() {},
  async prepare() {
    throw new Error('the fake sandbox runs nothing');
  },
  async reap() {
    return 0;
  },
};

function judged(verdicts: Verdict[], compileOk = true): JudgeResult {
  const tests: TestResult[] = verdicts.map((verdict, index) => ({ name: `t${index + 1}`, verdict, timeMs: 3, wallMs: 5, memoryKb: 3120 }));
  const failing = tests.find((test) => test.verdict !== 'AC');
  return {
    verdict: compileOk ? (failing?.verdict ?? 'AC') : 'CE',
    language: 'cpp',
    problem: 'two-sum',
    compile: { ok: compileOk, timeMs: 812, output: compileOk ? '' : 'main.cpp:1: error' },
    tests: compileOk ? tests : [],
    timeMs: 3,
    memoryKb: 3120,
  };
}

interface Calls {
  judge: { options: Record<string, unknown>; file?: string; language?: string }[];
  reaped: number;
  /** Every sandbox `createSandbox` gave. */
  sandboxes: FakeSandbox[];
}

/**
 * The program `run` judges in these tests (C++, so it is compiled first): it answers two-sum's first
 * sample right and the second wrong, in 3 ms and 2 MiB.
 */
const twoSumProgram: FakeBehaviour = ({ kind, stdin }) =>
  kind === 'test' ? { stdout: stdin.startsWith('4') ? '0 1\n' : '2 1\n', cpuMs: 3, memoryKb: 2048 } : {};

function fakeDeps(overrides: Partial<Deps> = {}, verdicts: Verdict[] = ['AC', 'AC', 'AC'], program: FakeBehaviour = twoSumProgram): Deps & { calls: Calls } {
  const calls: Calls = { judge: [], reaped: 0, sandboxes: [] };
  const deps: Deps & { calls: Calls } = {
    calls,
    async loadProblem(path) {
      if (path.endsWith('two-sum')) return problem();
      if (path.endsWith('broken.yaml')) {
        throw new ProblemError('PROBLEM_INVALID', path, 'invalid', [
          { path: 'title', message: 'required', line: 1, column: 1 },
          { path: 'testCases[3].output', message: 'expected a string, got a number (42)', line: 12, column: 13 },
        ]);
      }
      throw new ProblemError('PROBLEM_NOT_FOUND', path, 'no problem.yaml in this folder');
    },
    async languages(file) {
      return file ? languageRegistryWithFile(file) : new LanguageRegistry();
    },
    async createSandbox() {
      const sandbox = new FakeSandbox(program);
      sandbox.reap = async () => (calls.reaped++, 0);
      calls.sandboxes.push(sandbox);
      return sandbox;
    },
    async judgeSubmission(input, _sandbox, options) {
      calls.judge.push({ options: { ...options }, language: input.language.id });
      const result = judged(verdicts);
      options.onEvent?.({ type: 'compile-started', language: input.language.id });
      options.onEvent?.({ type: 'compile-finished', compile: result.compile });
      result.tests.forEach((test, index) => options.onEvent?.({ type: 'test-finished', index, total: 3, test }));
      options.onEvent?.({ type: 'finished', result });
      return result;
    },
    openJudge,
    verifyProblem,
    async diagnose() {
      return { ok: true, backend: 'docker', backends: { docker: true, native: false }, checks: [{ name: 'docker daemon reachable', ok: true, detail: 'Docker 27' }] };
    },
    async problemJsonSchema() {
      return { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' };
    },
    async connect() {
      throw new Error('these tests talk to no server (src/cli/remote.test.ts does)');
    },
    async problemDocument() {
      throw new Error('unused');
    },
    async serve() {
      throw new Error('these tests start no server (src/cli/remote.test.ts does)');
    },
    ...overrides,
  };
  return deps;
}

/** Runs the CLI as main does, returning the exit code and both streams. */
async function cli(
  argv: string[],
  options: { deps?: Deps; env?: Record<string, string>; tty?: boolean; stdin?: string; signal?: AbortSignal } = {},
) {
  const io = fakeIo({ tty: options.tty, stdin: options.stdin });
  const signal = options.signal ?? new AbortController().signal;
  const outcome = await runCli({ argv, env: options.env ?? {}, io, signal, version: '1.2.3', deps: options.deps ?? fakeDeps() });
  const end = conclude(outcome, { debug: false, interrupted: signal.aborted });
  io.stderr.write(end.stderr);
  return { code: end.exitCode, stdout: io.stdout.text(), stderr: stripAnsi(io.stderr.text()) };
}

describe('usage errors exit 2 and print `sonocode: …` on stderr, nothing on stdout', () => {
  it('an unknown option', async () => {
    const { code, stdout, stderr } = await cli(['submit', 'problems/two-sum', solution, '--bogus']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("sonocode: unknown option '--bogus'\nhint: run `sonocode submit --help` for usage\n");
  });

  it('a missing argument', async () => {
    const { code, stderr } = await cli(['submit', 'problems/two-sum']);
    expect(code).toBe(2);
    expect(stderr).toContain("sonocode: missing required argument 'file'");
  });

  it('an unknown command, with a suggestion', async () => {
    const { code, stderr } = await cli(['sumbit']);
    expect(code).toBe(2);
    expect(stderr).toContain("sonocode: unknown command 'sumbit'");
    expect(stderr).toContain('Did you mean submit?');
  });

  it('no command at all shows the help on stderr', async () => {
    const { code, stdout, stderr } = await cli([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: sonocode');
  });

  it.each([['abc'], ['0'], ['-5'], ['1.5'], ['100000']])('a bad --time-limit-ms (%s) names the flag and judges nothing', async (value) => {
    const deps = fakeDeps();
    const { code, stdout, stderr } = await cli(['submit', 'problems/two-sum', solution, '--time-limit-ms', value], { deps });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^sonocode: --time-limit-ms must be /);
    expect(deps.calls.judge).toHaveLength(0);
  });

  it('several bad flags: every one is reported, not just the first', async () => {
    const deps = fakeDeps();
    const { code, stdout, stderr } = await cli(['submit', 'problems/two-sum', solution, '--time-limit-ms', '0', '--memory-limit-mb', 'abc', '--sandbox', 'vm'], { deps });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n').slice(0, 4)).toEqual([
      'sonocode: 3 usage errors:',
      '  --time-limit-ms must be a positive integer, got "0"',
      '  --memory-limit-mb must be a positive integer, got "abc"',
      '  --sandbox: unknown sandbox "vm" (one of docker, native, auto)',
    ]);
    expect(deps.calls.judge).toHaveLength(0);
    const verify = await cli(['verify', 'problems/two-sum', '--jobs', '0', '--sandbox', 'vm'], { deps });
    expect(verify.stderr).toMatch(/^sonocode: 2 usage errors:\n {2}--jobs must be a positive integer, got "0"\n {2}--sandbox: unknown sandbox "vm"/);
  });

  it('an empty argument says so, with the flags that are wrong too', async () => {
    const empty = await cli(['submit', '', solution]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('sonocode: the <problem> argument is empty\n');
    const both = await cli(['run', 'problems/two-sum', ' ', '--time-limit-ms', 'x']);
    expect(both.stderr.split('\n').slice(0, 3)).toEqual(['sonocode: 2 usage errors:', '  the <file> argument is empty', '  --time-limit-ms must be a positive integer, got "x"']);
    expect((await cli(['problems', 'validate', 'problems/two-sum', ''])).stderr).toBe('sonocode: the <problem> argument is empty\n');
  });

  it('a folder given as the source file is called a folder, whatever --lang says', async () => {
    for (const argv of [['submit', 'problems/two-sum', dir], ['run', 'problems/two-sum', dir, '--lang', 'cpp']]) {
      const { code, stderr } = await cli(argv);
      expect(code).toBe(2);
      expect(stderr).toBe(`sonocode: source file is a folder, not a file: ${dir}\n`);
    }
  });

  it('a problem slug given without --server suggests the problems folder\'s entry; a misspelt one the closest', async () => {
    const problemsDir = join(dir, 'contest');
    await mkdir(join(problemsDir, 'a-plus-b'), { recursive: true });
    await writeFile(join(problemsDir, 'sum.yaml'), 'title: x\n');
    const env = { SONOCODE_PROBLEMS_DIR: problemsDir };
    const slug = await cli(['submit', 'a-plus-b', solution], { env });
    expect(slug.code).toBe(2);
    expect(slug.stderr).toBe(
      `sonocode: a-plus-b: no problem.yaml in this folder\nhint: did you mean ${join(problemsDir, 'a-plus-b')}? (a slug alone names a problem on a server: add --server URL)\n`,
    );
    expect((await cli(['problems', 'show', 'sum'], { env })).stderr).toMatch(new RegExp(`hint: did you mean ${join(problemsDir, 'sum.yaml')}\\?\n$`));
    expect((await cli(['verify', join(problemsDir, 'a-plus-c')], { env })).stderr).toMatch(new RegExp(`hint: did you mean ${join(problemsDir, 'a-plus-b')}\\?\n$`));
    const validate = await cli(['problems', 'validate', join(problemsDir, 'sun.yaml')], { env });
    expect(validate.code).toBe(2);
    expect(validate.stdout).toContain(`hint: did you mean ${join(problemsDir, 'sum.yaml')}?`);
    // nothing close: no hint
    expect((await cli(['submit', 'zzz', solution], { env })).stderr).not.toContain('hint:');
  });

  it('a bad --memory-limit-mb names the flag', async () => {
    const { code, stderr } = await cli(['run', 'problems/two-sum', solution, '--memory-limit-mb', 'lots']);
    expect(code).toBe(2);
    expect(stderr).toBe('sonocode: --memory-limit-mb must be a positive integer, got "lots"\n');
  });

  it('a bad SONOCODE_TIME_LIMIT_MS names the variable', async () => {
    const { code, stderr } = await cli(['submit', 'problems/two-sum', solution], { env: { SONOCODE_TIME_LIMIT_MS: 'fast' } });
    expect(code).toBe(2);
    expect(stderr).toBe('sonocode: SONOCODE_TIME_LIMIT_MS must be a positive integer, got "fast"\n');
  });

  it('an unknown language, listing the known ones with their aliases and suggesting the closest', async () => {
    const { code, stderr } = await cli(['submit', 'problems/two-sum', solution, '--lang', 'cobol']);
    expect(code).toBe(2);
    expect(stderr).toBe('sonocode: unknown language "cobol"; known: c, cpp (c++, cxx, g++), python (py, python3, py3), javascript (js, node, nodejs), java\n');
    expect((await cli(['submit', 'problems/two-sum', solution, '--lang', 'javascirpt'])).stderr).toMatch(/^sonocode: unknown language "javascirpt" \(did you mean "javascript"\?\)/);
    // an abbreviation too: the known names are read from the registry's map (an iterator) twice
    expect((await cli(['submit', 'problems/two-sum', solution, '--lang', 'pyth'])).stderr).toMatch(/^sonocode: unknown language "pyth" \(did you mean "python"\?\)/);
  });

  it.each([['py', 'python'], ['python3', 'python'], ['c++', 'cpp'], ['js', 'javascript'], ['node', 'javascript']])('--lang %s is %s', async (alias, id) => {
    const deps = fakeDeps();
    const { code } = await cli(['submit', 'problems/two-sum', solution, '--lang', alias, '--json'], { deps });
    expect(code).toBe(0);
    expect(deps.calls.judge.map((call) => call.language)).toEqual([id]);
  });

  it('an invalid languages file: every issue at its file:line:col with the field\'s path', async () => {
    const file = join(dir, 'langs.yaml');
    await writeFile(file, 'languages:\n  - id: ruby\n    name: Ruby\n    extensions: [.rb]\n    sourceFile: main.rb\n    run: /usr/bin/ruby {src}\n');
    const real = (await import('./deps.js')).defaultDeps;
    const { code, stderr } = await cli(['--languages', file, 'submit', 'problems/two-sum', solution], { deps: { ...fakeDeps(), languages: real.languages } });
    expect(code).toBe(2);
    expect(stderr).toBe(
      `sonocode: invalid languages file ${file} (1 error):\n${file}:6:10: languages[0].run: expected a list, got a string ("/usr/bin/ruby {src}")\n`,
    );
  });

  it('a file whose language cannot be told', async () => {
    await writeFile(join(dir, 'notes.txt'), 'not code\n');
    const { code, stderr } = await cli(['submit', 'problems/two-sum', join(dir, 'notes.txt')]);
    expect(code).toBe(2);
    expect(stderr).toContain('pass --lang');
  });

  it('a source file too large to be a program, before anything is judged', async () => {
    const huge = join(dir, 'huge.py');
    await writeFile(huge, Buffer.alloc(17 * 1024 * 1024, 0x23)); // 17 MiB of comment
    const deps = fakeDeps();
    const { code, stderr } = await cli(['submit', 'problems/two-sum', huge], { deps });
    expect(code).toBe(2);
    expect(stderr).toBe(`sonocode: source file ${huge} is 17.0 MiB; sonocode judges sources of up to 16 MiB\n`);
    await rm(huge);
  });

  it('a missing source file', async () => {
    const { code, stderr } = await cli(['submit', 'problems/two-sum', join(dir, 'missing.cpp')]);
    expect(code).toBe(2);
    expect(stderr).toBe(`sonocode: source file not found: ${join(dir, 'missing.cpp')}\n`);
  });

  it('a missing languages file', async () => {
    const deps = fakeDeps();
    const real = (await import('./deps.js')).defaultDeps;
    const { code, stderr } = await cli(['--languages', join(dir, 'nope.yaml'), 'submit', 'problems/two-sum', solution], {
      deps: { ...deps, languages: real.languages },
    });
    expect(code).toBe(2);
    expect(stderr).toBe(`sonocode: languages file not found: ${join(dir, 'nope.yaml')}\n`);
  });

  it('an invalid problem lists every error with file:line:col and path', async () => {
    const { code, stdout, stderr } = await cli(['submit', 'problems/broken.yaml', solution]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'sonocode: invalid problem problems/broken.yaml (2 errors):\n' +
        'problems/broken.yaml:1:1: title: required\n' +
        'problems/broken.yaml:12:13: testCases[3].output: expected a string, got a number (42)\n',
    );
  });
});

describe('help and version', () => {
  it('--version prints the package version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: '1.2.3\n', stderr: '' });
  });

  it.each([[[]], [['submit']], [['run']], [['problems']], [['problems', 'list']], [['problems', 'show']], [['problems', 'validate']], [['problems', 'schema']], [['doctor']]])(
    '`%s --help` shows examples and exits 0',
    async (command) => {
      const { code, stdout } = await cli([...command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain('Examples:');
      expect(stdout).toContain('$ sonocode');
    },
  );

  it.each([['submit'], ['run']])('`%s --help` names every language with its aliases', async (command) => {
    const { stdout } = await cli([command, '--help']);
    expect(stdout.replace(/\s+/g, ' ')).toContain('c, cpp (c++, cxx, g++), python (py, python3, py3), javascript (js, node, nodejs), java');
  });

  it('the main help lists the exit codes', async () => {
    const { stdout } = await cli(['--help']);
    expect(stdout).toMatch(/Exit codes:\n {2}0 +accepted/);
  });
});

describe('sonocode submit', () => {
  it('--json prints exactly one JSON object, the result, and exits 0 when accepted', async () => {
    const deps = fakeDeps();
    const { code, stdout, stderr } = await cli(['submit', 'problems/two-sum', solution, '--json'], { deps });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'AC', language: 'cpp', problem: 'two-sum', compile: { ok: true } });
    expect(deps.calls.reaped).toBe(1);
  });

  it('--json stays JSON on a terminal', async () => {
    const { stdout } = await cli(['submit', 'problems/two-sum', solution, '--json'], { tty: true });
    expect(JSON.parse(stdout).verdict).toBe('AC');
  });

  it('exits 1 for a verdict other than AC, 3 for IE', async () => {
    expect((await cli(['submit', 'problems/two-sum', solution], { deps: fakeDeps({}, ['AC', 'WA']) })).code).toBe(1);
    expect((await cli(['submit', 'problems/two-sum', solution], { deps: fakeDeps({}, ['TLE']) })).code).toBe(1);
    expect((await cli(['submit', 'problems/two-sum', solution], { deps: fakeDeps({}, ['AC', 'IE']) })).code).toBe(3);
  });

  it('prints plain lines on a pipe', async () => {
    const { stdout } = await cli(['submit', 'problems/two-sum', solution], { deps: fakeDeps({}, ['AC', 'WA']) });
    expect(stdout.split('\n')).toEqual([
      `judging ${solution} (cpp) on two-sum: 3 tests in the fake sandbox`,
      'compiling cpp...',
      'compiled in 812 ms',
      'test 1/3 t1  AC  3 ms  3.0 MB',
      'test 2/3 t2  WA  3 ms  3.0 MB',
      '1/3 tests passed, 1 not run, max 3 ms, 3.0 MB',
      'verdict: WA (Wrong Answer) on test 2 (t2)',
      '',
    ]);
  });

  it('passes --all and the limits (flags over SONOCODE_* variables) to the judge', async () => {
    const deps = fakeDeps();
    await cli(['submit', 'problems/two-sum', solution, '--all', '--time-limit-ms', '500'], {
      deps,
      env: { SONOCODE_TIME_LIMIT_MS: '9000', SONOCODE_MEMORY_LIMIT_MB: '64' },
    });
    expect(deps.calls.judge[0].options).toMatchObject({ all: true, timeLimitMs: 500, memoryLimitMb: 64 });
  });

  it('a sandbox failure exits 3 with its hint on stderr, and --json prints nothing on stdout', async () => {
    const deps = fakeDeps({
      async createSandbox() {
        return {
          ...fakeSandbox,
          async reap() {
            throw new SandboxError('SANDBOX_UNAVAILABLE', 'the Docker daemon is not running', { hint: 'start it: dockerd &' });
          },
        };
      },
    });
    const { code, stdout, stderr } = await cli(['submit', 'problems/two-sum', solution, '--json'], { deps });
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toBe('sonocode: the Docker daemon is not running\nhint: start it: dockerd &\n');
  });

  it('Ctrl-C while judging exits 130 and says "interrupted"', async () => {
    const controller = new AbortController();
    const deps = fakeDeps({
      async judgeSubmission(_input, _sandbox, options) {
        controller.abort();
        options.signal?.throwIfAborted();
        throw new Error('unreachable');
      },
    });
    const { code, stderr } = await cli(['submit', 'problems/two-sum', solution], { deps, signal: controller.signal });
    expect(code).toBe(130);
    expect(stderr).toBe('sonocode: interrupted\n');
  });

  it('the live view on a terminal unmounts, so the command returns', async () => {
    const { code, stdout } = await cli(['submit', 'problems/two-sum', solution, '--no-color'], { tty: true });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/\x1b\[3\dm/); // no colours
    expect(stripAnsi(stdout)).toContain('verdict: AC (Accepted)');
  });
});

describe('sonocode run', () => {
  it('compiles once, runs every sample in one session and shows the first differing line, expected vs got', async () => {
    const deps = fakeDeps();
    const { code, stdout } = await cli(['run', 'problems/two-sum', solution], { deps });
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`running ${solution} (cpp) on 2 samples of two-sum`);
    expect(lines[1]).toMatch(/^✓ sample-1 +AC +3 ms +2\.0 MB$/);
    expect(lines[2]).toMatch(/^✗ sample-2 +WA +3 ms +2\.0 MB$/);
    expect(lines.slice(3, 6)).toEqual(['    line 1 differs:', '      expected: 1 2', '      got:      2 1']);
    expect(stdout).toContain('1/2 samples passed');
    expect(stdout).not.toContain('HIDDEN');
    const [sandbox] = deps.calls.sandboxes;
    expect(sandbox.sessions).toHaveLength(1);
    expect(sandbox.runs('compile')).toHaveLength(1);
    expect(sandbox.runs('test').map((run) => run.stdin)).toEqual(['4\n2 7 11 15\n9\n', '3\n3 2 4\n6\n']);
    expect(sandbox.sessions[0].disposed).toBe(true);
  });

  it('exits 0 when every sample matches', async () => {
    const right: FakeBehaviour = ({ kind, stdin }) => (kind === 'test' ? { stdout: stdin.startsWith('4') ? '0 1\n' : '1 2\n' } : {});
    const { code, stdout } = await cli(['run', 'problems/two-sum', solution], { deps: fakeDeps({}, undefined, right) });
    expect(code).toBe(0);
    expect(stdout).toContain('all 2 samples passed');
  });

  it('a program that does not compile: the compiler output and CE, no sample run, exit 1', async () => {
    const broken: FakeBehaviour = ({ kind }) => (kind === 'compile' ? { exitCode: 1, stderr: "solution.cpp:1:1: error: expected ';'" } : {});
    const deps = fakeDeps({}, undefined, broken);
    const { code, stdout } = await cli(['run', 'problems/two-sum', solution], { deps });
    expect(code).toBe(1);
    expect(stdout).toContain("solution.cpp:1:1: error: expected ';'\nverdict: CE (Compilation Error)");
    expect(deps.calls.sandboxes[0].runs('test')).toHaveLength(0);
  });

  it('--input - runs on standard input and prints only the program output on stdout', async () => {
    const { code, stdout, stderr } = await cli(['run', 'problems/two-sum', solution, '--input', '-'], { stdin: '4\n2 7 11 15\n9\n' });
    expect(code).toBe(0);
    expect(stdout).toBe('0 1\n');
    expect(stderr).toBe('exit code 0, 3 ms, 2.0 MB\n');
  });

  it('--input shows the verdict of a program that failed, and exits 1', async () => {
    const crashing: FakeBehaviour = ({ kind }) =>
      kind === 'test' ? { status: 'signaled', exitCode: null, signal: 'SIGSEGV', stdout: 'partial\n', stderr: 'Segmentation fault\n', cpuMs: 2, memoryKb: 1024 } : {};
    const input = join(dir, 'input.txt');
    await writeFile(input, '1\n');
    const { code, stdout, stderr } = await cli(['run', 'problems/two-sum', solution, '--input', input], { deps: fakeDeps({}, undefined, crashing) });
    expect(code).toBe(1);
    expect(stdout).toBe('partial\n');
    expect(stderr).toBe('Segmentation fault\nRE (Runtime Error): killed by SIGSEGV, 2 ms, 1.0 MB\n');
  });

  it("--json prints one object with submit's fields: each sample's result, the first differing line of a wrong one", async () => {
    const { code, stdout, stderr } = await cli(['run', 'problems/two-sum', solution, '--json']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const json = JSON.parse(stdout);
    // submit --json's object, by the judge result's own schema (the API and the WebSocket use it too)
    expect(judgeResultSchema.safeParse(json).success).toBe(true);
    expect(json).toMatchObject({ mode: 'samples', verdict: 'WA', language: 'cpp', problem: 'two-sum', sandbox: 'fake', compile: { ok: true }, timeMs: 3, memoryKb: 2048 });
    expect(json.tests).toEqual([
      { name: 'sample-1', verdict: 'AC', sample: true, timeMs: 3, wallMs: expect.any(Number), memoryKb: 2048 },
      {
        name: 'sample-2',
        verdict: 'WA',
        sample: true,
        timeMs: 3,
        wallMs: expect.any(Number),
        memoryKb: 2048,
        message: expect.stringContaining('expected'),
        difference: { line: 1, expected: '1 2', got: '2 1' },
      },
    ]);
  });

  it('--json with --input: the run as a test named input, and what the program wrote', async () => {
    const { code, stdout, stderr } = await cli(['run', 'problems/two-sum', solution, '--input', '-', '--json'], { stdin: '4\n2 7 11 15\n9\n' });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({
      mode: 'input',
      verdict: 'AC',
      tests: [{ name: 'input', verdict: 'AC', timeMs: 3, memoryKb: 2048, exitCode: 0 }],
      stdout: '0 1\n',
      stderr: '',
    });
    const broken: FakeBehaviour = ({ kind }) => (kind === 'compile' ? { exitCode: 1, stderr: 'error: nope' } : {});
    const ce = await cli(['run', 'problems/two-sum', solution, '--json'], { deps: fakeDeps({}, undefined, broken) });
    expect(ce.code).toBe(1);
    expect(JSON.parse(ce.stdout)).toMatchObject({ verdict: 'CE', compile: { ok: false, output: expect.stringContaining('error: nope') }, tests: [] });
  });

  it('--input - takes standard input through a file of its own, removed afterwards', async () => {
    const deps = fakeDeps();
    await cli(['run', 'problems/two-sum', solution, '--input', '-'], { deps, stdin: '4\n2 7 11 15\n9\n' });
    const [test] = deps.calls.sandboxes[0].runs('test');
    const stdinSource = test.request.stdin as { path?: string };
    expect(stdinSource.path).toMatch(/sonocode-stdin-/);
    expect(test.stdin).toBe('4\n2 7 11 15\n9\n');
    await expect(stat(stdinSource.path!)).rejects.toThrow(/ENOENT/);
  });

  it('a missing --input file exits 2', async () => {
    const { code, stderr } = await cli(['run', 'problems/two-sum', solution, '--input', join(dir, 'none.txt')]);
    expect(code).toBe(2);
    expect(stderr).toContain('sonocode: input file not found');
  });

  it.each([[[]], [['--input', '-']]])('refuses a package without a time limit as submit does (exit 2, nothing run) %s', async (extra) => {
    const deps = fakeDeps({ loadProblem: async () => problem({ format: 'icpc', timeLimitSource: 'unknown' }) });
    const { code, stdout, stderr } = await cli(['run', 'problems/two-sum', solution, ...extra], { deps });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'sonocode: the package two-sum gives no time limit (no limits.time_limit in problem.yaml and no .timelimit file)\n' +
        'hint: give one with --time-limit-ms N, or run `sonocode verify` on the package to infer it from its accepted submissions\n',
    );
    expect(deps.calls.sandboxes).toHaveLength(0);
    const submitted = await cli(['submit', 'problems/two-sum', solution], { deps });
    expect(submitted).toMatchObject({ code: 2, stdout: '', stderr });

    const given = await cli(['run', 'problems/two-sum', solution, '--time-limit-ms', '500'], { deps });
    expect(given.stdout).toContain('1/2 samples passed');
    expect(deps.calls.sandboxes[0].runs('test')[0].request.limits.cpuTimeMs).toBe(500);
  });
});

describe('sonocode problems', () => {
  it('list shows each problem, and a broken one with its error count instead of crashing', async () => {
    const problems = join(dir, 'problems');
    await mkdir(join(problems, 'two-sum'), { recursive: true });
    await writeFile(join(problems, 'broken.yaml'), 'title: 42\n');
    await writeFile(join(problems, 'README.md'), '# not a problem\n');
    const { code, stdout } = await cli(['problems', 'list', problems]);
    expect(code).toBe(0);
    const lines = stripAnsi(stdout).split('\n');
    expect(lines[0]).toMatch(/^SLUG +TITLE +DIFFICULTY +TESTS$/);
    expect(lines[1]).toMatch(/^broken +✗ 2 errors \(sonocode problems validate .*broken\.yaml\)$/);
    expect(lines[2]).toMatch(/^two-sum +Two Sum +easy +3 \(2 samples\)$/);
    expect(lines[3]).toBe('2 problems, 1 broken');
  });

  it('list reads SONOCODE_PROBLEMS_DIR by default, and a missing folder exits 2', async () => {
    const { code, stderr } = await cli(['problems', 'list'], { env: { SONOCODE_PROBLEMS_DIR: join(dir, 'nowhere') } });
    expect(code).toBe(2);
    expect(stderr).toContain(`sonocode: problems folder not found: ${join(dir, 'nowhere')}`);
  });

  it('show prints the statement, limits and samples, never hidden tests', async () => {
    const { code, stdout } = await cli(['problems', 'show', 'problems/two-sum']);
    expect(code).toBe(0);
    expect(stdout).toContain('Two Sum (two-sum) · easy');
    expect(stdout).toContain('time 2000 ms · memory 256 MB');
    expect(stdout).toContain('Find two numbers.');
    expect(stdout).toContain('Sample 2 (sample-2)');
    expect(stdout).toContain('2 sample tests, 1 hidden test');
    expect(stdout).not.toContain('HIDDEN');
    const json = await cli(['problems', 'show', 'problems/two-sum', '--json']);
    expect(JSON.parse(json.stdout).samples).toHaveLength(2);
    expect(json.stdout).not.toContain('HIDDEN');
  });

  describe('starter code of a function problem (the shipped two-sum)', () => {
    const realProblems = { loadProblem: (path: string) => import('../judge/problem/load.js').then(({ loadProblem }) => loadProblem(path)) };
    const twoSumPython = 'class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        pass\n';

    it('show --lang shows it, by an id or an alias, as text and in --json', async () => {
      const deps = fakeDeps(realProblems);
      const { code, stdout } = await cli(['problems', 'show', 'problems/two-sum', '--lang', 'py'], { deps });
      expect(code).toBe(0);
      expect(stdout).toContain(`Starter code (python)`);
      expect(stdout.endsWith(`\n${twoSumPython}`)).toBe(true);
      const json = JSON.parse((await cli(['problems', 'show', 'problems/two-sum', '--lang', 'python3', '--json'], { deps })).stdout);
      expect(json.starter).toEqual({ language: 'python', code: twoSumPython });
      expect((await cli(['problems', 'show', 'problems/two-sum'], { deps })).stdout).toContain('starter code: c, cpp, python, javascript, java (show it with --lang L');
    });

    it('starter writes it to a new file ready to edit, the language from --lang or the file\'s extension', async () => {
      const deps = fakeDeps(realProblems);
      const file = join(dir, 'starter', 'solution.py');
      const written = await cli(['problems', 'starter', 'problems/two-sum', '-o', file], { deps });
      expect(written.code).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(twoSumPython);
      expect(written.stdout).toContain(`wrote the python starter code of two-sum to ${file}`);
      // never over a file the user may have worked on, unless asked
      await writeFile(file, 'my work\n');
      const again = await cli(['problems', 'starter', 'problems/two-sum', '--lang', 'py', '-o', file], { deps });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(`${file} exists already`);
      expect(await readFile(file, 'utf8')).toBe('my work\n');
      expect((await cli(['problems', 'starter', 'problems/two-sum', '--lang', 'py', '-o', file, '--force'], { deps })).code).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(twoSumPython);
      const printed = await cli(['problems', 'starter', 'problems/two-sum', '--lang', 'c++'], { deps });
      expect(printed.stdout).toMatch(/^class Solution \{\npublic:\n {4}vector<int> twoSum\(vector<int>& nums, int target\) \{/);
    });

    it('a problem without starter code, or without it in that language, or no language: exit 2 saying what to do', async () => {
      const deps = fakeDeps(realProblems);
      const none = await cli(['problems', 'starter', 'problems/a-plus-b', '--lang', 'c'], { deps });
      expect(none.code).toBe(2);
      expect(none.stderr).toBe(
        'sonocode: a-plus-b has no starter code: it is not a function problem\nhint: write a whole program: it reads the input on standard input and writes the answer on standard output\n',
      );
      const oneStub = fakeDeps({ loadProblem: async () => problem({ codeStubs: [{ language: 'python', startSnippet: '', userSnippet: 'x = 1\n', endSnippet: '' }] }) });
      expect((await cli(['problems', 'starter', 'problems/two-sum', '--lang', 'java'], { deps: oneStub })).stderr).toBe(
        'sonocode: two-sum has no starter code in java; it has: python\n',
      );
      expect((await cli(['problems', 'starter', 'problems/two-sum'], { deps })).stderr).toMatch(/^sonocode: name the language: --lang L\n/);
    });
  });

  it('schema prints the JSON Schema', async () => {
    const { code, stdout } = await cli(['problems', 'schema']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).type).toBe('object');
  });

  it('validate prints every error of an invalid problem and exits 2', async () => {
    const { code, stdout } = await cli(['problems', 'validate', 'problems/broken.yaml', 'problems/two-sum', '--no-solutions']);
    expect(code).toBe(2);
    expect(stdout).toContain('✗ problems/broken.yaml: 2 errors\nproblems/broken.yaml:1:1: title: required\nproblems/broken.yaml:12:13: testCases[3].output:');
    expect(stdout).toContain('✓ problems/two-sum: valid');
  });

  it('validate judges the reference solutions: expected vs got, exit 1 when one disagrees', async () => {
    const folder = join(dir, 'two-sum');
    await mkdir(join(folder, 'submissions', 'accepted'), { recursive: true });
    await mkdir(join(folder, 'submissions', 'wrong_answer'), { recursive: true });
    await writeFile(join(folder, 'submissions', 'accepted', 'good.cpp'), 'good');
    await writeFile(join(folder, 'submissions', 'wrong_answer', 'bad.py'), 'bad');
    await writeFile(join(folder, 'submissions', 'wrong_answer', 'lucky.py'), 'lucky');
    const deps = fakeDeps({
      async loadProblem() {
        return problem({ directory: folder });
      },
      async judgeSubmission(input) {
        return judged(input.source === 'bad' ? ['AC', 'WA'] : ['AC', 'AC', 'AC']);
      },
    });
    const { code, stdout } = await cli(['problems', 'validate', folder], { deps });
    expect(code).toBe(1);
    expect(stdout).toMatch(/✓ accepted\/good\.cpp +expected AC +got AC/);
    expect(stdout).toMatch(/✓ wrong_answer\/bad\.py +expected WA +got WA/);
    expect(stdout).toMatch(/✗ wrong_answer\/lucky\.py +expected WA +got AC/);

    const json = await cli(['problems', 'validate', folder, '--json'], { deps });
    expect(json.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.problems[0].solutions.map((s: { file: string; got: string }) => `${s.file}=${s.got}`)).toEqual([
      'accepted/good.cpp=AC',
      'wrong_answer/bad.py=WA',
      'wrong_answer/lucky.py=AC',
    ]);

    // --junit: a suite per problem, an invalid one as an error case with every issue
    const junit = join(dir, 'validate.xml');
    const withReport = await cli(['problems', 'validate', folder, 'problems/broken.yaml', '--junit', junit], { deps: { ...deps, loadProblem: fakeDeps().loadProblem } });
    expect(withReport.code).toBe(2);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(await readFile(junit, 'utf8'));
    expect(xml.testsuites).toMatchObject({ name: 'sonocode problems validate', tests: '1', errors: '1' });
    expect(xml.testsuites.testsuite.map((suite: { name: string }) => suite.name)).toEqual([folder, 'problems/broken.yaml']);
    expect(xml.testsuites.testsuite[1].testcase[0].error).toMatchObject({ type: 'PROBLEM_INVALID', message: 'problems/broken.yaml:1:1: title: required' });
    expect(xml.testsuites.testsuite[1].testcase[0].error['#text']).toContain('testCases[3].output: expected a string');
    await cli(['problems', 'validate', folder, '--junit', junit], { deps });
    const judgedXml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(await readFile(junit, 'utf8'));
    const cases = judgedXml.testsuites.testsuite[0].testcase as { name: string; failure?: { message: string } }[];
    expect(cases.map((testcase) => `${testcase.name}:${testcase.failure?.message ?? 'ok'}`)).toEqual([
      'accepted/good.cpp:ok',
      'wrong_answer/bad.py:ok',
      'wrong_answer/lucky.py:expected WA, got AC: passed all tests (3)',
    ]);
  });
});

describe('sonocode doctor', () => {
  it('answers for the backend --sandbox chooses (docker by default), as judging would use', async () => {
    const asked: string[] = [];
    const deps = fakeDeps({
      async diagnose(choice) {
        asked.push(choice);
        return { ok: true, backend: choice === 'auto' ? 'native' : choice, backends: { docker: true, native: true }, checks: [] };
      },
    });
    expect((await cli(['doctor'], { deps })).stdout).toContain('ready to judge (docker sandbox)');
    expect((await cli(['--sandbox', 'native', 'doctor'], { deps })).stdout).toContain('ready to judge (native sandbox)');
    await cli(['--sandbox', 'auto', 'doctor'], { deps });
    expect(asked).toEqual(['docker', 'native', 'auto']);
  });

  it('prints each check with the exact fix, and exits 3 when one failed', async () => {
    const deps = fakeDeps({
      async diagnose() {
        return {
          ok: false,
          backend: 'docker',
          backends: { docker: false, native: false },
          checks: [
            { name: 'docker engine installed', ok: true, detail: 'dockerd found' },
            { name: 'docker daemon reachable', ok: false, detail: 'nothing answers at /var/run/docker.sock', fix: 'dockerd &' },
          ],
        };
      },
    });
    const { code, stdout } = await cli(['doctor'], { deps });
    expect(code).toBe(3);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      '✓ docker engine installed: dockerd found',
      '✗ docker daemon reachable: nothing answers at /var/run/docker.sock',
      '    fix: dockerd &',
    ]);
  });

  it('--json prints the report; exit 0 when every check passed', async () => {
    const { code, stdout } = await cli(['doctor', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).ok).toBe(true);
  });
});
