/**
 * The built CLI (`node bin/sonocode.js`, after `npm run build`) on ICPC packages: broken packages exit
 * 2 naming the file, `verify` and its JSON, `submit` and `run` without a time limit, a validator that
 * does not compile (IE when submitting, invalid for verify and problems validate), and the import →
 * export round trip verified again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const fixtures = 'test/fixtures/icpc';
const work = mkdtempSync(path.join(tmpdir(), 'sonocode-icpc-cli-'));

beforeAll(() => {
  // CI builds first (npm test); build here only when this checkout was never built.
  if (!existsSync(path.join(root, 'dist/cli/commands/verify.js'))) {
    const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
    if (!existsSync(path.join(root, 'dist/cli/commands/verify.js'))) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sonocode(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/sonocode.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 170_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('broken packages exit 2 and name the file', () => {
  it.each([
    ['missing-data', 'broken/missing-data/data/: missing'],
    ['in-without-ans', 'broken/in-without-ans/data/secret/02.in: no answer file: expected 02.ans beside this input'],
    ['unknown-flag', 'broken/unknown-flag/problem.yaml:2:18: validator_flags: unknown flag "float_tolerence"'],
    ['bad-yaml', 'broken/bad-yaml/problem.yaml:3:11: invalid YAML'],
  ])('%s', (name, message) => {
    for (const command of [['verify'], ['submit'], ['problems', 'validate']]) {
      const extra = command[0] === 'submit' ? [`${fixtures}/scoring-2025/submissions/accepted/formula.py`] : [];
      const run = sonocode(...command, `${fixtures}/broken/${name}`, ...extra);
      expect(run.code, `${command.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stdout + run.stderr).toContain(`${fixtures}/${message}`);
    }
  });

  it('an output validator that does not compile: verify and problems validate exit 2 naming it; submit gives IE (exit 3)', () => {
    const verify = sonocode('verify', `${fixtures}/broken/validator-ce`);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toMatch(/broken\/validator-ce\/output_validator: does not compile:\n[\s\S]*validator\.cpp:3:14: error/);
    const validate = sonocode('problems', 'validate', `${fixtures}/broken/validator-ce`);
    expect(validate.code).toBe(2);
    expect(validate.stdout).toContain(`${fixtures}/broken/validator-ce/output_validator: does not compile:`);
    const submit = sonocode('submit', `${fixtures}/broken/validator-ce`, `${fixtures}/broken/validator-ce/submissions/accepted/echo.py`, '--json');
    expect(submit.code).toBe(3);
    expect(JSON.parse(submit.stdout)).toMatchObject({ verdict: 'IE', tests: [{ verdict: 'IE', message: expect.stringContaining('does not compile') }] });
  });
});

describe('judging packages through the CLI', () => {
  it('verify --json: one object, exit 0 when every submission agrees', () => {
    const run = sonocode('verify', `${fixtures}/scoring-2025`, '--json', '--jobs', '2');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ problem: 'scoring-2025', format: 'icpc', formatVersion: '2025-09', timeLimitMs: 1000, ok: true });
    expect(report.submissions.map((outcome: { file: string; score: number }) => [outcome.file, outcome.score])).toEqual([
      ['accepted/formula.py', 100],
      ['wrong_answer/zero.py', 0],
      ['partially_accepted/int32.c', 40],
    ]);
  });

  it('submit and run on a package without a time limit exit 2 with a hint; --time-limit-ms judges it', () => {
    const file = `${fixtures}/legacy-sum/submissions/accepted/sum.c`;
    for (const command of ['submit', 'run']) {
      const refused = sonocode(command, `${fixtures}/legacy-sum`, file);
      expect(refused.code, command).toBe(2);
      expect(refused.stdout, command).toBe('');
      expect(refused.stderr).toMatch(/the package legacy-sum gives no time limit[\s\S]*hint: give one with --time-limit-ms N, or run `sonocode verify`/);
    }
    const judged = sonocode('submit', `${fixtures}/legacy-sum`, file, '--time-limit-ms', '1000', '--json');
    expect(judged.code).toBe(0);
    expect(JSON.parse(judged.stdout).tests.map((test: { name: string }) => test.name)).toEqual([
      'sample/1',
      'secret/01-negative',
      'secret/02-sample-again',
      'secret/big/01-large',
      'secret/big/02-many',
    ]);
  });

  it('submit --json on a scoring package has score, maxScore and groups', () => {
    const run = sonocode('submit', `${fixtures}/scoring-2025`, `${fixtures}/scoring-2025/submissions/partially_accepted/int32.c`, '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      verdict: 'WA',
      score: 40,
      maxScore: 100,
      groups: [
        { name: 'secret/group1', verdict: 'AC', score: 40, maxScore: 40 },
        { name: 'secret/group2', verdict: 'WA', score: 0, maxScore: 60 },
      ],
    });
  });

  it('import → export round trip: the exported package verifies like the original', () => {
    const nativeFile = path.join(work, 'triangle/problem.yaml');
    const imported = sonocode('problems', 'import', `${fixtures}/scoring-2025`, '--out', nativeFile);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/^warning: require_pass .* cannot be expressed/m);
    const packageDir = path.join(work, 'triangle-package');
    const exported = sonocode('problems', 'export', path.dirname(nativeFile), '--format', 'kattis', '--out', packageDir);
    expect(exported.code, exported.stderr).toBe(0);
    const verified = sonocode('verify', packageDir, '--json');
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout).submissions.map((outcome: { file: string; got: string; score: number }) => [outcome.file, outcome.got, outcome.score])).toEqual([
      ['accepted/formula.py', 'AC', 100],
      ['wrong_answer/zero.py', 'WA', 0],
      ['partially_accepted/int32.c', 'WA', 40],
    ]);
  });
});
