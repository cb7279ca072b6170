/** `sonocode verify`, `problems import` and `problems export` in-process with a fake judge: output, JSON, exit codes. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../judge/languages.js';
import { loadProblem } from '../../judge/problem/load.js';
import type { Problem } from '../../judge/problem/types.js';
import type { JudgeResult } from '../../judge/result.js';
import { testProblem } from '../../judge/testing.js';
import type { Verdict } from '../../judge/verdict.js';
import { verifyProblem } from '../../judge/verify.js';
import type { SandboxBackend } from '../../sandbox/types.js';
import type { Deps } from '../context.js';
import { conclude } from '../exit-codes.js';
import { fakeIo, stripAnsi } from '../fake-io.js';
import { runCli } from '../run-cli.js';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/icpc');
let dir: string;
let problemDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sonocode-verify-cli-'));
  problemDir = join(dir, 'sum');
  for (const [name, content] of Object.entries({ 'accepted/a.py': 'AC', 'accepted/b.c': 'AC', 'wrong_answer/w.py': 'WA', 'time_limit_exceeded/t.py': 'SLOW' })) {
    await mkdir(join(problemDir, 'submissions', name, '..'), { recursive: true });
    await writeFile(join(problemDir, 'submissions', name), content);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function problem(): Problem {
  return testProblem({
    slug: 'sum',
    title: 'Sum',
    testCases: [{ name: 'sample/1', sample: true, input: { text: '1' }, output: { text: '1' } }],
    directory: problemDir,
    format: 'icpc',
    formatVersion: '2025-09',
    warnings: ['sum/problem.yaml:3:1: author: unknown key, ignored'],
  });
}

const sandbox: SandboxBackend = { name: 'fake', check: async () => {}, prepare: async () => { throw new Error('no'); }, reap: async () => 0 };

/** The fake judge: a submission gets the verdict it says; `SLOW` ones get `slow`. */
function deps(overrides: Partial<Deps> = {}, slow: Verdict = 'AC'): Deps {
  return {
    loadProblem: async (path) => (path === problemDir ? problem() : loadProblem(path)),
    languages: async () => new LanguageRegistry(),
    createSandbox: async () => sandbox,
    judgeSubmission: async (input, _sandbox, options) => {
      const verdict = input.source.trim() === 'SLOW' ? slow : (input.source.trim() as Verdict);
      const result: JudgeResult = {
        verdict,
        language: input.language.id,
        problem: 'sum',
        compile: { ok: true, timeMs: 1, output: '' },
        tests: [{ name: 'sample/1', verdict, timeMs: 4, wallMs: 5, memoryKb: 2048 }],
        timeMs: 4,
        memoryKb: 2048,
      };
      options.onEvent?.({ type: 'compile-started', language: input.language.id });
      options.onEvent?.({ type: 'test-started', index: 0, total: 1, name: 'sample/1' });
      options.onEvent?.({ type: 'finished', result });
      return result;
    },
    openJudge: async () => {
      throw new Error('unused');
    },
    verifyProblem,
    diagnose: async () => ({ ok: true, backend: 'docker', backends: { docker: true, native: false }, checks: [] }),
    problemJsonSchema: async () => ({}),
    connect: async () => {
      throw new Error('unused');
    },
    problemDocument: async () => {
      throw new Error('unused');
    },
    serve: async () => {
      throw new Error('unused');
    },
    ...overrides,
  };
}

async function cli(argv: string[], options: { deps?: Deps; tty?: boolean } = {}) {
  const io = fakeIo({ tty: options.tty });
  const outcome = await runCli({ argv, env: { NO_COLOR: '1' }, io, signal: new AbortController().signal, version: '0.0.0', deps: options.deps ?? deps() });
  const end = conclude(outcome, { debug: false, interrupted: false });
  return { code: end.exitCode, stdout: stripAnsi(io.stdout.text()), stderr: stripAnsi(io.stderr.text() + end.stderr) };
}

describe('sonocode verify', () => {
  it('prints expected vs got per submission and exits 1 when one disagrees', async () => {
    const run = await cli(['verify', problemDir]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      'verifying Sum (sum, icpc 2025-09): 1 test',
      '4 submissions, 1 at a time',
      'time limit: 1000 ms',
      '  ✓ accepted/a.py             expected AC      got AC      4 ms    2.0 MB',
      '  ✓ accepted/b.c              expected AC      got AC      4 ms    2.0 MB',
      '  ✓ wrong_answer/w.py         expected WA      got WA      4 ms    2.0 MB',
      '  ✗ time_limit_exceeded/t.py  expected TLE     got AC      4 ms    2.0 MB',
      '      passed all tests (1)',
      '4 submissions: 1 not as expected (time_limit_exceeded/t.py)',
      '',
    ]);
    expect(run.stderr).toBe('warning: sum/problem.yaml:3:1: author: unknown key, ignored\n');
  });

  it('--json prints one object; --jobs is checked', async () => {
    const run = await cli(['verify', problemDir, '--json', '--jobs', '2']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ problem: 'sum', ok: false, timeLimitMs: 1000, warnings: [expect.stringContaining('author')] });
    expect(report.submissions).toHaveLength(4);
    expect(run.stderr).toBe('');
    expect((await cli(['verify', problemDir, '--jobs', '0'])).code).toBe(2);
    expect((await cli(['verify', problemDir, '--jobs', 'many'])).stderr).toMatch(/--jobs must be a positive integer/);
  });

  it('--junit writes a JUnit XML report: a test case per judged submission, expected and got, time and the message', async () => {
    const file = join(dir, 'reports', 'verify.xml');
    const run = await cli(['verify', problemDir, '--junit', file]);
    expect(run.code).toBe(1);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(
      await readFile(file, 'utf8'),
    );
    expect(xml.testsuites).toMatchObject({ name: 'sonocode verify', tests: '4', failures: '1', errors: '0', skipped: '0' });
    const [suite] = xml.testsuites.testsuite;
    expect(suite).toMatchObject({ name: problemDir, tests: '4', failures: '1' });
    const cases = suite.testcase as { name: string; classname: string; time: string; properties: { property: { name: string; value: string }[] }; failure?: Record<string, string> }[];
    expect(cases.map((testcase) => testcase.name)).toEqual(['accepted/a.py', 'accepted/b.c', 'wrong_answer/w.py', 'time_limit_exceeded/t.py']);
    for (const testcase of cases) {
      expect(testcase.classname).toBe(problemDir);
      expect(testcase.time).toBe('0.004');
    }
    const property = (index: number, name: string) => cases[index].properties.property.find((entry) => entry.name === name)?.value;
    expect([property(2, 'expected'), property(2, 'got'), property(2, 'language')]).toEqual(['WA', 'WA', 'python']);
    expect(cases[2].failure).toBeUndefined();
    expect([property(3, 'expected'), property(3, 'got')]).toEqual(['TLE', 'AC']);
    expect(cases[3].failure).toMatchObject({ type: 'AC', message: 'expected TLE, got AC: passed all tests (1)' });
  });

  it('exits 0 when every submission agrees', async () => {
    const run = await cli(['verify', problemDir], { deps: deps({}, 'TLE') });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('4 submissions: all as expected');
  });

  it('an invalid package exits 2 naming the file, before anything is judged', async () => {
    const run = await cli(['verify', join(fixtures, 'broken/in-without-ans')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('broken/in-without-ans/data/secret/02.in: no answer file');
  });

  it('a submission that got IE exits 3', async () => {
    const failing = deps({ judgeSubmission: async (input, sandbox, options) => ({ ...(await deps().judgeSubmission(input, sandbox, options)), verdict: 'IE' }) });
    expect((await cli(['verify', problemDir], { deps: failing })).code).toBe(3);
  });

  it('shows the live view on a terminal', async () => {
    const run = await cli(['verify', problemDir], { tty: true });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Sum (sum)');
    expect(run.stdout).toMatch(/✗ time_limit_exceeded\/t\.py +expected TLE +got AC/);
    expect(run.stdout).toContain('4 submissions: 1 not as expected');
  });
});

describe('sonocode problems import / export', () => {
  it('import prints the native YAML, warnings on stderr; --out writes the file', async () => {
    const run = await cli(['problems', 'import', join(fixtures, 'float-2023')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# Imported from .*float-2023 by `sonocode problems import`\.\ntitle: Echo with Tolerance\n/);
    expect(run.stderr).toMatch(/^warning: validator flags "float_absolute_tolerance 0.000001" \(secret\/1-absolute\): /m);
    const out = join(dir, 'imported/problem.yaml');
    const written = await cli(['problems', 'import', join(fixtures, 'scoring-2025'), '--out', out]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe(`✓ wrote ${out} (5 tests)\n`);
    expect(await readFile(out, 'utf8')).toContain('groups:');
  });

  it('import of something that is not a package, or with --out not YAML, exits 2', async () => {
    expect((await cli(['problems', 'import', join(dir, 'nowhere')])).code).toBe(2);
    expect((await cli(['problems', 'import', problemDir])).stderr).toMatch(/is not an ICPC\/Kattis package/);
    expect((await cli(['problems', 'import', join(fixtures, 'float-2023'), '--out', join(dir, 'x.json')])).code).toBe(2);
  });

  it('export writes a package; --format and --out are required', async () => {
    const out = join(dir, 'exported');
    const run = await cli(['problems', 'export', join(fixtures, 'float-2023'), '--format', 'kattis', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`✓ exported float-2023 to ${out}/ (2025-09 package, 5 tests)\n`);
    expect((await loadProblem(out)).testCases).toHaveLength(5);
    expect((await cli(['problems', 'export', join(fixtures, 'float-2023'), '--format', 'kattis', '--out', out])).stderr).toMatch(/is not empty/);
    expect((await cli(['problems', 'export', join(fixtures, 'float-2023'), '--out', join(dir, 'other')])).code).toBe(2);
    expect((await cli(['problems', 'export', join(fixtures, 'float-2023'), '--format', 'polygon', '--out', join(dir, 'other')])).code).toBe(2);
  });
});
