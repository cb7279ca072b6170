import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreResult } from '../../aggregate.js';
import type { TestResult } from '../../result.js';
import type { ProblemError } from '../errors.js';
import { loadProblem } from '../load.js';
import { reportedGroups } from '../scoring.js';
import type { Problem } from '../types.js';
import { isIcpcPackage, loadIcpcPackage } from './load.js';

const temporaryDirs: string[] = [];

/** A temp package folder holding `files` (path → content; `->target` makes a symbolic link). */
async function packageWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sonocode-icpc-'));
  temporaryDirs.push(root);
  const dir = path.join(root, 'pkg');
  await mkdir(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    if (content.startsWith('->')) await symlink(content.slice(2), file);
    else await writeFile(file, content);
  }
  return dir;
}

afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function loadError(dir: string): Promise<ProblemError> {
  return loadIcpcPackage(dir).then(
    () => {
      throw new Error('expected the package to be rejected');
    },
    (error: unknown) => error as ProblemError,
  );
}

/** A minimal valid package: one sample, two secret tests. */
const BASE = {
  'data/sample/1.in': '1\n',
  'data/sample/1.ans': '1\n',
  'data/secret/1.in': '2\n',
  'data/secret/1.ans': '2\n',
  'data/secret/2.in': '3\n',
  'data/secret/2.ans': '3\n',
};

const ac = (name: string): TestResult => ({ name, verdict: 'AC', timeMs: 1, wallMs: 1, memoryKb: 1 });
const wa = (name: string): TestResult => ({ name, verdict: 'WA', timeMs: 1, wallMs: 1, memoryKb: 1 });

describe('loadIcpcPackage: tests', () => {
  it('reads data/sample then data/secret, groups in lexicographic order, named by their path under data/', async () => {
    const dir = await packageWith({
      'problem.yaml': 'name: Hello\n',
      'data/sample/2.in': 'b',
      'data/sample/2.ans': 'b',
      'data/sample/1.in': 'a',
      'data/sample/1.ans': 'a',
      'data/secret/b/01.in': '',
      'data/secret/b/01.ans': '',
      'data/secret/a/02.in': '',
      'data/secret/a/02.ans': '',
      'data/secret/a/01.in': '',
      'data/secret/a/01.ans': '',
      'data/secret/a/deeper/x.in': '',
      'data/secret/a/deeper/x.ans': '',
      'data/secret/10.in': '',
      'data/secret/10.ans': '',
      'data/secret/9.in': '',
      'data/secret/9.ans': '',
      'data/invalid_input/bad.in': '',
    });
    const problem = await loadIcpcPackage(dir);
    expect(problem.testCases.map((test) => test.name)).toEqual([
      'sample/1',
      'sample/2',
      'secret/10',
      'secret/9',
      'secret/a/01',
      'secret/a/02',
      'secret/a/deeper/x',
      'secret/b/01',
    ]);
    expect(problem.testCases.map((test) => test.sample)).toEqual([true, true, false, false, false, false, false, false]);
    expect(problem.testCases[0].input).toEqual({ path: path.join(dir, 'data/sample/1.in') });
    expect(problem.testCases[0].output).toEqual({ path: path.join(dir, 'data/sample/1.ans') });
    expect(problem).toMatchObject({ slug: 'pkg', title: 'Hello', format: 'icpc', formatVersion: 'legacy', codeStubs: [] });
  });

  it('follows symbolic links to test files and to folders', async () => {
    const dir = await packageWith({
      'problem.yaml': 'name: Links\n',
      ...BASE,
      'data/secret/3.in': '->../sample/1.in',
      'data/secret/3.ans': '->../sample/1.ans',
      'shared/x.in': 'x',
      'shared/x.ans': 'x',
      'data/secret/linked': '->../../shared',
    });
    const problem = await loadIcpcPackage(dir);
    expect(problem.testCases.map((test) => test.name)).toEqual(['sample/1', 'secret/1', 'secret/2', 'secret/3', 'secret/linked/x']);
  });

  it('rejects a dangling symbolic link, naming it', async () => {
    const dir = await packageWith({ 'problem.yaml': 'name: X\n', ...BASE, 'data/secret/3.in': '->nowhere.in', 'data/secret/3.ans': '3' });
    const error = await loadError(dir);
    expect(error.message).toContain(`${dir}/data/secret/3.in: a symbolic link to nothing`);
  });

  it('names every broken test file: .in without .ans, .ans without .in, tests directly in data/', async () => {
    const dir = await packageWith({
      'problem.yaml': 'name: X\n',
      ...BASE,
      'data/secret/3.in': '',
      'data/secret/4.ans': '',
      'data/5.in': '',
    });
    const error = await loadError(dir);
    expect(error.code).toBe('PROBLEM_INVALID');
    expect(error.message.split('\n')).toEqual(
      expect.arrayContaining([
        `${dir}/data/secret/3.in: no answer file: expected 3.ans beside this input`,
        `${dir}/data/secret/4.ans: no input file: expected 4.in beside this answer`,
        `${dir}/data/5.in: tests must be in data/sample or data/secret, not directly in data/`,
      ]),
    );
    expect(error.issues).toHaveLength(3);
  });

  it('judges a package on the tests it has, warning about an empty or missing secret folder; refuses one with no test at all', async () => {
    expect((await loadError(await packageWith({ 'problem.yaml': 'name: X\n' }))).message).toMatch(/data\/: missing/);
    const noSecret = await loadIcpcPackage(await packageWith({ 'problem.yaml': 'name: X\n', 'data/sample/1.in': '1', 'data/sample/1.ans': '1' }));
    expect(noSecret.testCases.map((test) => test.name)).toEqual(['sample/1']);
    expect(noSecret.warnings?.join('\n')).toMatch(/data\/secret\/: missing: judged on the sample tests only/);
    // BAPCtools' own test problems: data/secret/ is an empty placeholder
    const placeholder = await loadIcpcPackage(await packageWith({ 'problem.yaml': 'name: X\n', 'data/sample/1.in': '1', 'data/sample/1.ans': '1', 'data/secret/.gitkeep': '' }));
    expect(placeholder.testCases).toHaveLength(1);
    expect(placeholder.warnings?.join('\n')).toMatch(/data\/secret\/: holds no test: judged on the sample tests only/);
    const emptyGroup = await loadIcpcPackage(await packageWith({ 'problem.yaml': 'name: X\n', ...BASE, 'data/secret/g/notes.txt': '' }));
    expect(emptyGroup.warnings?.join('\n')).toMatch(/the test group secret\/g holds no test/);
    const nothing = await packageWith({ 'problem.yaml': 'name: X\n', 'data/sample/readme.txt': '', 'data/secret/readme.txt': '' });
    expect((await loadError(nothing)).message).toMatch(/data\/: holds no test/);
  });

  it('refuses a symbolic link that leads out of the package, and follows one that stays inside', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'sonocode-outside-'));
    await writeFile(path.join(outside, 'secret.txt'), 'not for the judge to read');
    const dir = await packageWith({ 'problem.yaml': 'name: X\n', ...BASE });
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'data/secret/leak.in'));
    await writeFile(path.join(dir, 'data/secret/leak.ans'), '');
    expect((await loadError(dir)).message).toMatch(/data\/secret\/leak\.in: a symbolic link out of the package \(to .*secret\.txt\): refused/);
    const inside = await packageWith({ 'problem.yaml': 'name: X\n', ...BASE });
    await symlink(path.join(inside, 'data/secret/1.in'), path.join(inside, 'data/secret/again.in'));
    await symlink('1.ans', path.join(inside, 'data/secret/again.ans'));
    expect((await loadIcpcPackage(inside)).testCases.map((test) => test.name)).toContain('secret/again');
  });

  it('reports YAML syntax errors with their line and column', async () => {
    const dir = await packageWith({ 'problem.yaml': 'name: X\nlimits:\n  memory: [1\n', ...BASE });
    const error = await loadError(dir);
    expect(error.message).toMatch(new RegExp(`^${dir}/problem.yaml:\\d+:\\d+: invalid YAML`));
  });

  it('PROBLEM_NOT_FOUND without problem.yaml', async () => {
    const dir = await packageWith(BASE);
    await expect(loadIcpcPackage(dir)).rejects.toMatchObject({ code: 'PROBLEM_NOT_FOUND' });
  });
});

describe('loadIcpcPackage: problem.yaml of each generation', () => {
  it('legacy: validator_flags, time_multiplier, memory and output, no time limit', async () => {
    const dir = await packageWith({
      'problem.yaml': 'name: Legacy\nvalidation: default\nvalidator_flags: float_tolerance 1e-4 case_sensitive\nlimits:\n  memory: 512\n  output: 16\n  time_multiplier: 3\n  time_safety_margin: 1.5\n',
      ...BASE,
    });
    const problem = await loadIcpcPackage(dir);
    expect(problem.checker).toEqual({ type: 'icpc-default', caseSensitive: true, spaceChangeSensitive: false, floatAbsTol: 1e-4, floatRelTol: 1e-4 });
    expect(problem.limits).toEqual({ timeLimitMs: 2000, memoryLimitMb: 512, outputLimitKb: 16384 });
    expect(problem.timeLimitSource).toBe('unknown');
    expect(problem.timeLimitRule).toEqual({ kind: 'legacy', multiplier: 3, safetyMargin: 1.5, resolutionMs: 1000 });
    expect(problem.testCases.every((test) => test.checker === undefined)).toBe(true);
  });

  it('legacy: the .timelimit file gives the time limit', async () => {
    const dir = await packageWith({ 'problem.yaml': 'name: X\n', '.timelimit': '2.5\n', ...BASE });
    const problem = await loadIcpcPackage(dir);
    expect(problem.limits.timeLimitMs).toBe(2500);
    expect(problem.timeLimitSource).toBe('timelimit-file');
  });

  it('a broken .timelimit is an error naming the file', async () => {
    const dir = await packageWith({ 'problem.yaml': 'name: X\n', '.timelimit': 'fast\n', ...BASE });
    expect((await loadError(dir)).message).toContain(`${dir}/.timelimit:1:1: must hold the time limit in seconds`);
  });

  it('2023-07: time_limit, time_multipliers, time_resolution; limits.time_limit wins over .timelimit', async () => {
    const dir = await packageWith({
      'problem.yaml':
        'problem_format_version: 2023-07-draft\nname: {en: Modern, de: Modern DE}\nuuid: x\nlimits:\n  time_limit: 1.5\n  time_multipliers: {ac_to_time_limit: 3, time_limit_to_tle: 2}\n  time_resolution: 0.5\n',
      '.timelimit': '4\n',
      ...BASE,
    });
    const problem = await loadIcpcPackage(dir);
    expect(problem.formatVersion).toBe('2023-07');
    expect(problem.title).toBe('Modern');
    expect(problem.limits.timeLimitMs).toBe(1500);
    expect(problem.limits.memoryLimitMb).toBe(2048);
    expect(problem.timeLimitSource).toBe('problem');
    expect(problem.timeLimitRule).toEqual({ kind: 'multiple', multiplier: 3, safetyMargin: 2, resolutionMs: 500 });
    expect(problem.warnings?.join('\n')).toMatch(/\.timelimit: ignored/);
  });

  it('2025-09: no time limit means it is inferred with the defaults', async () => {
    const dir = await packageWith({ 'problem.yaml': 'problem_format_version: 2025-09\nname: X\nuuid: x\n', ...BASE });
    const problem = await loadIcpcPackage(dir);
    expect(problem.formatVersion).toBe('2025-09');
    expect(problem.timeLimitSource).toBe('unknown');
    expect(problem.timeLimitRule).toEqual({ kind: 'multiple', multiplier: 2, safetyMargin: 1.5, resolutionMs: 1000 });
  });

  it('wrong values are errors at their line; unknown keys are warnings with a guess', async () => {
    const dir = await packageWith({
      'problem.yaml': 'problem_format_version: 2025-09\nname: X\ntype: scorring\nlimits:\n  memory: lots\n  time_limt: 2\n  time_multipliers: {ac_to_time_limit: 0.5}\nauthor: me\n',
      ...BASE,
    });
    const error = await loadError(dir);
    expect(error.message.split('\n')).toEqual([
      `${dir}/problem.yaml:3:7: type: must be one of pass-fail, scoring, multi-pass, interactive, submit-answer, got "scorring"`,
      `${dir}/problem.yaml:5:11: limits.memory: expected a number, got a string ("lots")`,
      `${dir}/problem.yaml:7:40: limits.time_multipliers.ac_to_time_limit: must be at least 1, got 0.5`,
    ]);
    const fixed = await packageWith({ 'problem.yaml': 'problem_format_version: 2025-09\nname: X\nlimits:\n  time_limt: 2\nauthor: me\n', ...BASE });
    const warnings = (await loadIcpcPackage(fixed)).warnings ?? [];
    expect(warnings).toContain(`${fixed}/problem.yaml:4:14: limits.time_limt: unknown key, ignored (did you mean "time_limit"?)`);
    expect(warnings.some((warning) => warning.includes('author: unknown key'))).toBe(true);
  });

  it('an unknown problem_format_version is an error', async () => {
    const dir = await packageWith({ 'problem.yaml': 'problem_format_version: 2030-01\nname: X\n', ...BASE });
    expect((await loadError(dir)).message).toMatch(/problem_format_version: unknown version "2030-01"/);
  });

  it('interactive problems get their output validator as the interactor, and one without a validator is invalid', async () => {
    const legacy = await loadIcpcPackage(await packageWith({ 'problem.yaml': 'name: X\nvalidation: custom interactive\n', 'output_validators/v/v.py': 'x', ...BASE }));
    expect(legacy.interactor).toMatchObject({ type: 'custom', language: 'python' });
    const modern = await loadIcpcPackage(await packageWith({ 'problem.yaml': 'problem_format_version: 2023-07-draft\nname: X\ntype: interactive\n', 'output_validators/v/v.py': 'x', ...BASE }));
    expect(modern.interactor).toMatchObject({ type: 'custom' });
    const dir = await packageWith({ 'problem.yaml': 'problem_format_version: 2023-07-draft\nname: X\ntype: interactive\n', ...BASE });
    await expect(loadIcpcPackage(dir)).rejects.toMatchObject({ code: 'PROBLEM_INVALID', message: expect.stringMatching(/is interactive, but the package has no interactor/) });
  });

  it('the statement: Markdown as is, LaTeX turned into Markdown, \\problemname as the title when name is missing', async () => {
    const latex = await packageWith({
      'problem.yaml': 'validation: default\n',
      'problem_statement/problem.en.tex': '\\problemname{Adding Up}\n% a comment\nAdd \\emph{two} numbers.\n\\begin{Input}\nTwo integers $a$ and $b$.\n\\end{Input}\n\\begin{Output}\nTheir sum.\n\\end{Output}\n',
      ...BASE,
    });
    const problem = await loadIcpcPackage(latex);
    expect(problem.title).toBe('Adding Up');
    expect(problem.description).toBe('Add *two* numbers.\n\n## Input\n\nTwo integers $a$ and $b$.\n\n## Output\n\nTheir sum.');
    const markdown = await packageWith({ 'problem.yaml': 'problem_format_version: 2025-09\nname: M\n', 'statement/problem.en.md': 'Read **this**.\n', ...BASE });
    expect((await loadIcpcPackage(markdown)).description).toBe('Read **this**.');
  });
});

describe('loadIcpcPackage: output validation', () => {
  it('per-group output_validator_flags (legacy testdata.yaml), inherited by subgroups, after the problem flags', async () => {
    const dir = await packageWith({
      'problem.yaml': 'name: X\nvalidator_flags: case_sensitive\n',
      ...BASE,
      'data/secret/testdata.yaml': 'output_validator_flags: float_absolute_tolerance 0.5\n',
      'data/secret/g/1.in': '',
      'data/secret/g/1.ans': '',
      'data/secret/h/testdata.yaml': 'output_validator_flags: space_change_sensitive\n',
      'data/secret/h/1.in': '',
      'data/secret/h/1.ans': '',
    });
    const problem = await loadIcpcPackage(dir);
    const byName = Object.fromEntries(problem.testCases.map((test) => [test.name, test.checker]));
    expect(byName['sample/1']).toBeUndefined();
    expect(byName['secret/1']).toEqual({ type: 'icpc-default', caseSensitive: true, spaceChangeSensitive: false, floatAbsTol: 0.5 });
    expect(byName['secret/g/1']).toEqual(byName['secret/1']);
    expect(byName['secret/h/1']).toEqual({ type: 'icpc-default', caseSensitive: true, spaceChangeSensitive: true });
  });

  it('2025-09: output_validator_args in test_group.yaml, and in a test\'s own .yaml', async () => {
    const dir = await packageWith({
      'problem.yaml': 'problem_format_version: 2025-09\nname: X\nlimits: {time_limit: 1}\n',
      ...BASE,
      'data/secret/test_group.yaml': 'output_validator_args: [float_relative_tolerance, "0.01"]\n',
      'data/secret/2.yaml': 'output_validator_args: [case_sensitive]\ndescription: the hard one\n',
    });
    const problem = await loadIcpcPackage(dir);
    expect(problem.testCases[1].checker).toEqual({ type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false, floatRelTol: 0.01 });
    expect(problem.testCases[2].checker).toEqual({ type: 'icpc-default', caseSensitive: true, spaceChangeSensitive: false });
  });

  it('an unknown flag or a flag without its number is an error naming the file and key', async () => {
    const dir = await packageWith({
      'problem.yaml': 'problem_format_version: 2023-07-draft\nname: X\n',
      ...BASE,
      'data/secret/testdata.yaml': 'output_validator_args: [float_tolerance]\n',
      'data/sample/testdata.yaml': '\noutput_validator_args: ignore_case\n',
    });
    const error = await loadError(dir);
    expect(error.message.split('\n')).toEqual([
      `${dir}/data/sample/testdata.yaml:2:24: output_validator_args: unknown flag "ignore_case" for the default output validator (it takes case_sensitive, space_change_sensitive, float_tolerance, float_absolute_tolerance, float_relative_tolerance)`,
      `${dir}/data/secret/testdata.yaml:1:24: output_validator_args: float_tolerance must be followed by a number`,
    ]);
  });

  it('a custom validator: legacy output_validators/<name>/, its arguments per test', async () => {
    const dir = await packageWith({
      'problem.yaml': 'name: X\nvalidation: custom\nvalidator_flags: strict\n',
      ...BASE,
      'data/secret/testdata.yaml': 'output_validator_flags: extra 1\n',
      'output_validators/check/check.cpp': 'int main() {}',
      'output_validators/check/check.h': '',
    });
    const problem = await loadIcpcPackage(dir);
    expect(problem.checker).toEqual({
      type: 'custom',
      sourcePath: path.join(dir, 'output_validators/check'),
      language: 'cpp',
      files: [path.join(dir, 'output_validators/check/check.cpp'), path.join(dir, 'output_validators/check/check.h')],
    });
    expect(problem.testCases.map((test) => test.checkerArgs)).toEqual([['strict'], ['strict', 'extra', '1'], ['strict', 'extra', '1']]);
  });

  it('a custom validator: a single file, a build/run program, 2025-09 output_validator/', async () => {
    const single = await packageWith({ 'problem.yaml': 'name: X\nvalidation: custom\n', ...BASE, 'output_validators/validate.py': 'pass' });
    expect((await loadIcpcPackage(single)).checker).toEqual({
      type: 'custom',
      sourcePath: path.join(single, 'output_validators/validate.py'),
      language: 'python',
      files: [path.join(single, 'output_validators/validate.py')],
    });
    const scripted = await packageWith({ 'problem.yaml': 'problem_format_version: 2025-09\nname: X\n', ...BASE, 'output_validator/build': '#!/bin/sh\n', 'output_validator/run': '#!/bin/sh\n' });
    expect((await loadIcpcPackage(scripted)).checker).toMatchObject({ type: 'custom', sourcePath: path.join(scripted, 'output_validator'), language: 'script' });
  });

  it('custom validation without a validator, two validators, or sources of no known language are errors', async () => {
    const none = await packageWith({ 'problem.yaml': 'name: X\nvalidation: custom\n', ...BASE });
    expect((await loadError(none)).message).toContain(`${none}/problem.yaml:2:13: validation: is custom, but the package has no output validator`);
    const two = await packageWith({ 'problem.yaml': 'name: X\nvalidation: custom\n', ...BASE, 'output_validators/a.py': '', 'output_validators/b/b.c': '' });
    expect((await loadError(two)).message).toContain(`${two}/output_validators: 2 output validators (a.py, b)`);
    const odd = await packageWith({ 'problem.yaml': 'problem_format_version: 2025-09\nname: X\n', ...BASE, 'output_validator/validator.rs': '' });
    expect((await loadError(odd)).message).toContain(`${odd}/output_validator: cannot tell how to build this output validator`);
  });
});

describe('loadIcpcPackage: scoring', () => {
  const outcome = (problem: Problem, tests: TestResult[]) => scoreResult(problem.scoring!, tests, tests.find((test) => test.verdict !== 'AC')?.verdict ?? 'AC');

  it('2025-09: groups with max_score, pass-fail by default, require_pass', async () => {
    const dir = await packageWith({
      'problem.yaml': 'problem_format_version: 2025-09\nname: X\ntype: scoring\n',
      'data/sample/1.in': '',
      'data/sample/1.ans': '',
      'data/secret/g1/test_group.yaml': 'max_score: 30\n',
      'data/secret/g1/1.in': '',
      'data/secret/g1/1.ans': '',
      'data/secret/g2/test_group.yaml': 'max_score: 70\nscore_aggregation: sum\nrequire_pass: [sample, g1]\n',
      'data/secret/g2/1.in': '',
      'data/secret/g2/1.ans': '',
      'data/secret/g2/2.in': '',
      'data/secret/g2/2.ans': '',
    });
    const problem = await loadIcpcPackage(dir);
    expect(reportedGroups(problem.scoring)).toEqual([
      { name: 'secret/g1', score: 30, tests: ['secret/g1/1'] },
      { name: 'secret/g2', score: 70, tests: ['secret/g2/1', 'secret/g2/2'], aggregation: 'sum', requirePass: ['sample', 'secret/g1'] },
    ]);
    expect(outcome(problem, [ac('sample/1'), ac('secret/g1/1'), ac('secret/g2/1'), wa('secret/g2/2')])).toMatchObject({ score: 65, maxScore: 100 });
    expect(outcome(problem, [ac('sample/1'), wa('secret/g1/1'), ac('secret/g2/1'), ac('secret/g2/2')])).toMatchObject({
      score: 0,
      groups: [
        { name: 'secret/g1', verdict: 'WA', score: 0, maxScore: 30 },
        { name: 'secret/g2', verdict: 'WA', score: 0, maxScore: 70 },
      ],
    });
  });

  it('2023-07 draft: a scoring map per group, the leftover of secret shared by the groups without a score', async () => {
    const dir = await packageWith({
      'problem.yaml': 'problem_format_version: 2023-07-draft\nname: X\ntype: scoring\n',
      'data/secret/testdata.yaml': 'scoring: {score: 90}\n',
      'data/secret/a/testdata.yaml': 'scoring: {score: 50}\n',
      'data/secret/a/1.in': '',
      'data/secret/a/1.ans': '',
      'data/secret/b/testdata.yaml': 'scoring: {aggregation: min}\n',
      'data/secret/b/1.in': '',
      'data/secret/b/1.ans': '',
      'data/secret/c/1.in': '',
      'data/secret/c/1.ans': '',
    });
    const problem = await loadIcpcPackage(dir);
    expect(reportedGroups(problem.scoring).map((group) => [group.name, group.score])).toEqual([
      ['secret/a', 50],
      ['secret/b', 20],
      ['secret/c', 20],
    ]);
    expect(outcome(problem, [ac('secret/a/1'), ac('secret/b/1'), wa('secret/c/1')]).score).toBe(70);
  });

  it('legacy: accept_score, reject_score, grader_flags, on_reject, range', async () => {
    const dir = await packageWith({
      'problem.yaml': 'name: X\ntype: scoring\n',
      'data/testdata.yaml': 'on_reject: continue\ngrader_flags: ignore_sample\n',
      'data/sample/1.in': '',
      'data/sample/1.ans': '',
      'data/secret/testdata.yaml': 'on_reject: continue\nrange: 0 100\n',
      'data/secret/g1/testdata.yaml': 'on_reject: break\naccept_score: 20\ngrader_flags: min\n',
      'data/secret/g1/1.in': '',
      'data/secret/g1/1.ans': '',
      'data/secret/g1/2.in': '',
      'data/secret/g1/2.ans': '',
      'data/secret/g2/testdata.yaml': 'on_reject: continue\naccept_score: 10\n',
      'data/secret/g2/1.in': '',
      'data/secret/g2/1.ans': '',
      'data/secret/g2/2.in': '',
      'data/secret/g2/2.ans': '',
    });
    const problem = await loadIcpcPackage(dir);
    expect(problem.scoring?.ignoreFirst).toBe(true);
    const result = outcome(problem, [wa('sample/1'), ac('secret/g1/1'), ac('secret/g1/2'), ac('secret/g2/1'), wa('secret/g2/2')]);
    // sample ignored; g1: min(20, 20); g2: 10 + 0; secret: sum
    expect(result.score).toBe(30);
    expect(result.groups.map((group) => [group.name, group.score, group.maxScore])).toEqual([
      ['sample', 0, 1],
      ['secret', 30, 100],
      ['secret/g1', 20, 20],
      ['secret/g2', 10, 20],
    ]);
  });

  it('require_pass naming an unknown or a later group is an error', async () => {
    const dir = await packageWith({
      'problem.yaml': 'problem_format_version: 2025-09\nname: X\ntype: scoring\n',
      'data/secret/a/test_group.yaml': 'max_score: 50\nrequire_pass: b\n',
      'data/secret/a/1.in': '',
      'data/secret/a/1.ans': '',
      'data/secret/b/test_group.yaml': 'max_score: 50\nrequire_pass: nope\n',
      'data/secret/b/1.in': '',
      'data/secret/b/1.ans': '',
    });
    const error = await loadError(dir);
    expect(error.message).toContain(`${dir}/data/secret/a/test_group.yaml:2:15: require_pass: "secret/b" must come before secret/a`);
    expect(error.message).toContain(`${dir}/data/secret/b/test_group.yaml:2:15: require_pass: unknown group "secret/nope"`);
  });

  it('scoring keys of a pass-fail problem are warned about, not used', async () => {
    const dir = await packageWith({ 'problem.yaml': 'problem_format_version: 2025-09\nname: X\n', ...BASE, 'data/secret/test_group.yaml': 'max_score: 100\n' });
    const problem = await loadIcpcPackage(dir);
    expect(problem.scoring).toBeUndefined();
    expect(problem.warnings?.join('\n')).toMatch(/max_score: ignored: the problem is not of type scoring/);
  });
});

describe('loadProblem dispatches packages to the ICPC loader', () => {
  it('by folder or by its problem.yaml; a problem.yaml with testCases stays native', async () => {
    const dir = await packageWith({ 'problem.yaml': 'name: Hello\n', ...BASE });
    expect((await loadProblem(dir)).format).toBe('icpc');
    expect((await loadProblem(path.join(dir, 'problem.yaml'))).format).toBe('icpc');
    const native = await packageWith({ 'problem.yaml': 'title: N\ntestCases:\n  - {inputFile: data/1.in, outputFile: data/1.ans}\n', 'data/1.in': '1', 'data/1.ans': '1' });
    expect(await isIcpcPackage(native)).toBe(false);
    expect((await loadProblem(native)).format).toBe('native');
  });

  it('a package missing data/ is still recognised by its problem.yaml, so the error is about data/', async () => {
    const dir = await packageWith({ 'problem.yaml': 'name: Hello\nvalidation: default\n' });
    expect(await isIcpcPackage(dir)).toBe(true);
    await expect(loadProblem(dir)).rejects.toMatchObject({ code: 'PROBLEM_INVALID', message: expect.stringContaining('data/: missing') });
  });
});
