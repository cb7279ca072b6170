import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadIcpcPackage } from '../icpc/load.js';
import { loadNativeProblem, loadProblem } from '../load.js';
import { reportedGroups } from '../scoring.js';
import type { Problem, TestData } from '../types.js';
import { exportKattisPackage } from './to-kattis.js';
import { INLINE_BYTES, nativeYaml, problemToNative, writeNative } from './to-native.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../test/fixtures/icpc');
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sonocode-convert-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function text(data: TestData): Promise<string> {
  return 'text' in data ? data.text : readFile(data.path, 'utf8');
}

/** What judging depends on: tests (name, sample, data), checkers, groups, limits. */
async function essence(problem: Problem) {
  return {
    limits: problem.limits,
    checker: problem.checker.type === 'custom' ? { type: 'custom', language: problem.checker.language } : problem.checker,
    groups: reportedGroups(problem.scoring).map((group) => ({ name: group.name, score: group.score, tests: group.tests })),
    tests: await Promise.all(
      problem.testCases.map(async (test) => ({ name: test.name, sample: test.sample, input: await text(test.input), output: await text(test.output), checker: test.checker, args: test.checkerArgs })),
    ),
  };
}

describe('problems import (to the native format)', () => {
  it('carries tests, limits, statement and groups; names what it cannot express', async () => {
    const problem = await loadIcpcPackage(path.join(fixtures, 'scoring-2025'));
    const conversion = await problemToNative(problem);
    expect(conversion.document).toMatchObject({
      title: 'Triangle Numbers',
      slug: 'scoring-2025',
      limits: { timeLimitMs: 1000, memoryLimitMb: 256, outputLimitKb: 8192 },
      checker: { type: 'tokens', caseSensitive: false },
      groups: [
        { name: 'secret/group1', score: 40, tests: ['secret/group1/01', 'secret/group1/02'] },
        { name: 'secret/group2', score: 60, tests: ['secret/group2/01', 'secret/group2/02'] },
      ],
    });
    expect(conversion.document.testCases?.[0]).toEqual({ name: 'sample/1', sample: true, input: '4\n', output: '10\n' });
    expect(conversion.warnings).toEqual([expect.stringMatching(/^require_pass \(secret\/group2 needs secret\/group1\) cannot be expressed/)]);
    // the YAML is a valid native problem with the same tests
    const dir = await tempDir();
    await writeFile(path.join(dir, 'triangle.yaml'), nativeYaml(conversion, 'scoring-2025'));
    const native = await loadNativeProblem(path.join(dir, 'triangle.yaml'));
    const [before, after] = [await essence(problem), await essence(native)];
    expect(after.tests).toEqual(before.tests);
    expect(after.groups).toEqual(before.groups);
  });

  it('warns about per-group validator flags, which one native checker cannot give', async () => {
    const conversion = await problemToNative(await loadIcpcPackage(path.join(fixtures, 'float-2023')));
    expect(conversion.warnings.join('\n')).toMatch(
      /per-group output validator flags or arguments \(secret\/1-absolute: float_absolute_tolerance 0.000001; secret\/2-relative: float_relative_tolerance 0.000001; secret\/4-exact-case: case_sensitive\)/,
    );
  });

  it('copies a custom validator and large tests beside the file; warns about a multi-file validator', async () => {
    const dir = await tempDir();
    const pkg = path.join(dir, 'pkg');
    await mkdir(path.join(pkg, 'data/secret'), { recursive: true });
    await mkdir(path.join(pkg, 'output_validators'), { recursive: true });
    await writeFile(path.join(pkg, 'problem.yaml'), 'name: Big\nvalidation: custom\n');
    await writeFile(path.join(pkg, 'output_validators/check.py'), 'import sys\nsys.exit(42)\n');
    const big = `${'1 '.repeat(INLINE_BYTES)}\n`;
    await writeFile(path.join(pkg, 'data/secret/big.in'), big);
    await writeFile(path.join(pkg, 'data/secret/big.ans'), '1\n');
    const out = path.join(dir, 'out/big/problem.yaml');
    const conversion = await problemToNative(await loadIcpcPackage(pkg), { outFile: out });
    await writeNative(conversion, out, pkg);
    const document = parse(await readFile(out, 'utf8'));
    expect(document.checker).toEqual({ type: 'custom', source: 'tests/checker/check.py', language: 'python' });
    expect(document.testCases).toEqual([{ name: 'secret/big', inputFile: 'tests/secret/big.in', outputFile: 'tests/secret/big.ans' }]);
    expect(await readFile(path.join(dir, 'out/big/tests/secret/big.in'), 'utf8')).toBe(big);
    expect((await loadNativeProblem(out)).checker).toMatchObject({ type: 'custom', language: 'python' });
    expect(conversion.warnings.join('\n')).toMatch(/no time limit/);

    const multi = await problemToNative(await loadIcpcPackage(path.join(fixtures, 'permutation-2025')), { outFile: path.join(dir, 'perm.yaml') });
    expect(multi.document.checker).toEqual({ type: 'custom', source: 'perm-tests/checker/validator.cpp', language: 'cpp' });
    expect(multi.warnings.join('\n')).toMatch(/has 3 files: the native custom checker compiles one source file \(validator.cpp\)/);
  });
});

describe('problems export (to a Kattis package)', () => {
  it('round trip: package → native → package keeps tests, groups, limits and the checker', async () => {
    const original = await loadIcpcPackage(path.join(fixtures, 'scoring-2025'));
    const dir = await tempDir();
    const nativeFile = path.join(dir, 'native/problem.yaml');
    await writeNative(await problemToNative(original, { outFile: nativeFile }), nativeFile);
    const native = await loadProblem(path.dirname(nativeFile));
    expect(native.format).toBe('native');
    const exported = await exportKattisPackage(native, path.join(dir, 'package'));
    expect(exported.warnings).toEqual([]);
    const again = await loadProblem(path.join(dir, 'package'));
    expect(again).toMatchObject({ format: 'icpc', formatVersion: '2025-09', title: 'Triangle Numbers', timeLimitSource: 'problem' });
    const [before, after] = [await essence(original), await essence(again)];
    expect(after).toEqual(before);
    expect(parse(await readFile(path.join(dir, 'package/data/secret/group1/test_group.yaml'), 'utf8'))).toEqual({ max_score: 40 });
  });

  it('round trip of a custom validator with per-group arguments, and the submissions', async () => {
    const original = await loadIcpcPackage(path.join(fixtures, 'permutation-2025'));
    const dir = await tempDir();
    const exported = await exportKattisPackage(original, path.join(dir, 'package'));
    expect(exported.files).toEqual(expect.arrayContaining(['output_validator/multiset.h', 'data/secret/sorted/test_group.yaml', 'submissions/']));
    const again = await loadIcpcPackage(path.join(dir, 'package'));
    expect(await essence(again)).toEqual(await essence(original));
    expect(again.checker).toMatchObject({ type: 'custom', language: 'cpp' });
  });

  it('a native problem: numbered test files, flags for its checker, groups as folders, warnings', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'p.yaml'),
      [
        'title: Native',
        'difficulty: easy',
        'checker: {type: float, absTol: 0.01, relTol: 0}',
        'testCases:',
        '  - {name: first, sample: true, input: "1\\n", output: "1\\n"}',
        '  - {name: two words, input: "2\\n", output: "2\\n"}',
        '  - {input: "3\\n", output: "3\\n"}',
        '  - {input: "4\\n", output: "4\\n"}',
        'groups:',
        '  - {name: easy, score: 30, tests: [two words, test-2]}',
        '  - {name: hard, score: 70, tests: [test-2]}',
      ].join('\n'),
    );
    const native = await loadNativeProblem(path.join(dir, 'p.yaml'));
    const exported = await exportKattisPackage(native, path.join(dir, 'package'));
    expect(exported.warnings).toEqual([
      'tests in more than one group (test-2) were copied into each group\'s folder',
      'tests in no group (test-3) went to the group secret/03-ungrouped, worth 0 points',
      'difficulty (easy) is not part of the package format',
    ]);
    const again = await loadIcpcPackage(path.join(dir, 'package'));
    expect(again.testCases.map((test) => test.name)).toEqual([
      'sample/01-first',
      'secret/01-easy/02-two-words',
      'secret/01-easy/03-test-2',
      'secret/02-hard/03-test-2',
      'secret/03-ungrouped/04-test-3',
    ]);
    expect(reportedGroups(again.scoring).map((group) => [group.name, group.score])).toEqual([
      ['secret/01-easy', 30],
      ['secret/02-hard', 70],
      ['secret/03-ungrouped', 0],
    ]);
    expect(again.testCases[1].checker).toEqual({ type: 'icpc-default', caseSensitive: true, spaceChangeSensitive: false, floatAbsTol: 0.01 });
    await expect(exportKattisPackage(native, path.join(dir, 'package'))).rejects.toMatchObject({ code: 'USAGE' });
  });
});
