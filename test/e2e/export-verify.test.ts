/**
 * A package that sonocode writes passes `sonocode verify`: every problem shipped in problems/ is
 * exported as a Kattis package with the built CLI, and its reference submissions — a function
 * problem's wrapped in its stubs — get what their folders promise, judged in the Docker sandbox.
 * ICPC packages with per-group checker settings verify the same after `problems import` to the
 * native format, and after exporting that again.
 * A function problem with a submission that cannot be wrapped (a folder) is refused with exit 2.
 * Needs `npm run build` first (npm test does it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/sonocode.js');
const work = mkdtempSync(join(tmpdir(), 'sonocode-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const problemsDir = join(root, 'problems');
const slugs = readdirSync(problemsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function sonocode(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 600_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('problems export --format kattis, then verify', () => {
  it('ships a function problem among the problems exported', () => {
    expect(slugs.some((slug) => readFileSync(join(problemsDir, slug, 'problem.yaml'), 'utf8').includes('codeStubs:'))).toBe(true);
  });

  it.each(slugs)('%s: the exported package verifies, every submission as its folder promises', (slug) => {
    const out = join(work, slug);
    const exported = sonocode(['problems', 'export', `problems/${slug}`, '--format', 'kattis', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const verified = sonocode(['verify', out, '--json', '--jobs', '2']);
    const report = JSON.parse(verified.stdout) as { ok: boolean; submissions: { file: string; expected: string; got?: string; skipped?: string; ok: boolean }[] };
    const outcomes = report.submissions.map((outcome) => `${outcome.file}: expected ${outcome.expected}, got ${outcome.got ?? outcome.skipped}`);
    expect(verified.code, `${outcomes.join('\n')}\n${verified.stderr}`).toBe(0);
    expect(report.submissions.filter((outcome) => outcome.skipped)).toEqual([]);
    expect(report.submissions.filter((outcome) => outcome.file.startsWith('accepted/')).length).toBeGreaterThanOrEqual(5);
  }, 600_000);

  // A package whose test groups give the output validator settings of their own: arguments to its
  // custom validator (permutation-2025: `sorted` for one group), or default-validator flags
  // (float-2023: tolerances, case). Imported, they are its tests' own; the authors' verdicts hold
  // on the native problem and on the package exported from it.
  it.each(['permutation-2025', 'float-2023'])('%s: per-group checking survives import to the native format and export again', (name) => {
    const native = join(work, `${name}-native`);
    const imported = sonocode(['problems', 'import', join(root, 'test/fixtures/icpc', name), '--out', join(native, 'problem.yaml')]);
    expect(imported.code, imported.stderr).toBe(0);
    const exported = join(work, `${name}-exported`);
    const exportedRun = sonocode(['problems', 'export', native, '--format', 'kattis', '--out', exported]);
    expect(exportedRun.code, exportedRun.stderr).toBe(0);
    for (const problem of [native, exported]) {
      const verified = sonocode(['verify', problem, '--json', '--jobs', '2']);
      const report = JSON.parse(verified.stdout) as { submissions: { file: string; expected: string; got?: string; skipped?: string }[] };
      const outcomes = report.submissions.map((outcome) => `${outcome.file}: expected ${outcome.expected}, got ${outcome.got ?? outcome.skipped}`);
      expect(verified.code, `${problem}\n${outcomes.join('\n')}\n${verified.stderr}`).toBe(0);
      expect(report.submissions.filter((outcome) => outcome.skipped)).toEqual([]);
      // the submission that only a group's own setting rejects
      const rejectedByGroup = name === 'permutation-2025' ? 'wrong_answer/reverse.py' : 'wrong_answer/shouting.py';
      expect(outcomes).toContain(`${rejectedByGroup}: expected WA, got WA`);
    }
  }, 600_000);

  it('refuses, with exit 2 and the reason, a function problem whose submission is a folder', () => {
    const problem = join(work, 'function-with-folder');
    cpSync(join(problemsDir, 'two-sum'), problem, { recursive: true });
    mkdirSync(join(problem, 'submissions/accepted/multi'));
    writeFileSync(join(problem, 'submissions/accepted/multi/solution.py'), 'pass\n');
    const out = join(work, 'refused');
    const exported = sonocode(['problems', 'export', problem, '--format', 'kattis', '--out', out]);
    expect(exported.code).toBe(2);
    expect(exported.stderr).toMatch(/submissions\/accepted\/multi is a folder: .*cannot be exported/);
    expect(() => readdirSync(out)).toThrow();
  });
});
