import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadIcpcPackage } from '../icpc/load.js';
import { loadNativeProblem, loadProblem } from '../load.js';
import { documentFromProblem } from '../document.js';
import { reportedGroups } from '../scoring.js';
import { readTestText } from '../test-data.js';
import type { Problem } from '../types.js';
import { writeNativeProblem } from './native-file.js';
import { exportKattisPackage } from './to-kattis.js';

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

/** What judging depends on: tests (name, sample, data), checkers, groups, limits. */
async function essence(problem: Problem) {
  return {
    limits: problem.limits,
    checker: problem.checker.type === 'custom' ? { type: 'custom', language: problem.checker.language } : problem.checker,
    groups: reportedGroups(problem.scoring).map((group) => ({ name: group.name, score: group.score, tests: group.tests })),
    tests: await Promise.all(
      problem.testCases.map(async (test) => ({ name: test.name, sample: test.sample, input: await readTestText(test.input), output: await readTestText(test.output), checker: test.checker, args: test.checkerArgs })),
    ),
  };
}

describe('problems export (to a Kattis package)', () => {
  it('round trip: package → native → package keeps tests, groups, limits and the checker', async () => {
    const original = await loadIcpcPackage(path.join(fixtures, 'scoring-2025'));
    const dir = await tempDir();
    const nativeFile = path.join(dir, 'native/problem.yaml');
    await writeNativeProblem(await documentFromProblem(original, { outFile: nativeFile }), nativeFile);
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

  it('round trip through the native format: a validator kept inline and a group\'s arguments on its tests', async () => {
    const original = await loadIcpcPackage(path.join(fixtures, 'permutation-2025'));
    const dir = await tempDir();
    const nativeFile = path.join(dir, 'native/problem.yaml');
    await writeNativeProblem(await documentFromProblem(original, { outFile: nativeFile }), nativeFile, original.directory);
    const native = await loadProblem(path.dirname(nativeFile));
    expect(native.checker).toMatchObject({ type: 'custom', inline: expect.any(Array) });
    const exported = await exportKattisPackage(native, path.join(dir, 'package'));
    expect(exported.warnings).toEqual([]);
    expect(await readFile(path.join(dir, 'package/output_validator/multiset.h'), 'utf8')).toBe(await readFile(path.join(fixtures, 'permutation-2025/output_validator/multiset.h'), 'utf8'));
    expect(await essence(await loadIcpcPackage(path.join(dir, 'package')))).toEqual(await essence(original));
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
