import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { testProblem } from '../testing.js';
import { nativeYaml, writeNativeProblem } from './convert/native-file.js';
import { documentFromProblem, INLINE_BYTES, problemFromDocument } from './document.js';
import { testCaseNames } from './schema.js';
import { loadIcpcPackage } from './icpc/load.js';
import { loadNativeProblem } from './load.js';
import { validateProblemDocument } from './schema.js';
import { reportedGroups } from './scoring.js';
import { readTestText } from './test-data.js';
import type { CheckerSpec, Problem } from './types.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/icpc');
/** A folder of its own for each test that writes files, all removed at the end. */
let work: string;
let folders = 0;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sonocode-document-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));
async function tempDir(): Promise<string> {
  const dir = path.join(work, String(++folders));
  await mkdir(dir);
  return dir;
}

/** What judging depends on: tests (name, sample, data), groups, limits. */
async function essence(problem: Problem) {
  return {
    limits: problem.limits,
    groups: reportedGroups(problem.scoring).map((group) => ({ name: group.name, score: group.score, tests: group.tests })),
    tests: await Promise.all(
      problem.testCases.map(async (test) => ({ name: test.name, sample: test.sample, input: await readTestText(test.input), output: await readTestText(test.output) })),
    ),
  };
}

function validated(data: unknown) {
  const result = validateProblemDocument(data);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.document;
}

/** A package's problem with this checker and one test. */
function withChecker(checker: CheckerSpec, extra: Partial<Problem> = {}): Problem {
  return testProblem({ checker, format: 'icpc', testCases: [{ name: 'secret/1', sample: false, input: { text: '1\n' }, output: { text: '1\n' } }], ...extra });
}

describe('testCaseNames', () => {
  it('numbers samples and hidden tests separately, in order, and keeps given names', () => {
    expect(
      testCaseNames([{ sample: true }, {}, { name: 'x' }, { sample: true, name: 'y' }, { sample: true }, {}, 'junk']),
    ).toEqual(['sample-1', 'test-1', 'x', 'y', 'sample-3', 'test-3', undefined]);
  });
});

describe('problemFromDocument', () => {
  it('names the tests, resolves files against the folder and makes the groups a scoring tree', () => {
    const document = validated({
      title: 'T',
      checker: { type: 'float', absTol: 0.5 },
      testCases: [
        { sample: true, input: '1\n', output: '1\n' },
        { name: 'big', inputFile: 'tests/big.in', outputFile: 'tests/big.out' },
      ],
      groups: [{ name: 'all', score: 100, tests: ['sample-1', 'big'] }],
    });
    const problem = problemFromDocument(document, { slug: 't', directory: '/problems/t' });
    expect(problem).toMatchObject({ slug: 't', format: 'native', directory: '/problems/t', checker: { type: 'float', absTol: 0.5, relTol: 0 } });
    expect(problem.testCases.map((test) => [test.name, test.sample, test.input])).toEqual([
      ['sample-1', true, { text: '1\n' }],
      ['big', false, { path: '/problems/t/tests/big.in' }],
    ]);
    expect(reportedGroups(problem.scoring)).toEqual([{ name: 'all', score: 100, tests: ['sample-1', 'big'] }]);
    expect(problemFromDocument(validated({ title: 'T', testCases: [{ input: '', output: '' }] }), { slug: 't' }).scoring).toBeUndefined();
  });
});

describe('documentFromProblem: the ICPC default output validator', () => {
  // The flags of a package, the native checker they become, and what is said to be lost.
  it.each<[string, CheckerSpec, unknown, RegExp[]]>([
    ['no flags', { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false }, { type: 'tokens', caseSensitive: false }, []],
    ['case_sensitive', { type: 'icpc-default', caseSensitive: true, spaceChangeSensitive: false }, { type: 'tokens', caseSensitive: true }, []],
    [
      'space_change_sensitive',
      { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: true },
      { type: 'exact' },
      [/^validator flags "space_change_sensitive" became the exact checker, which also compares letters case-sensitively/],
    ],
    [
      'float_absolute_tolerance',
      { type: 'icpc-default', caseSensitive: true, spaceChangeSensitive: false, floatAbsTol: 0.001 },
      { type: 'float', absTol: 0.001 },
      [],
    ],
    [
      'float_tolerance, case-insensitive',
      { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false, floatAbsTol: 1e-6, floatRelTol: 1e-6 },
      { type: 'float', absTol: 1e-6, relTol: 1e-6 },
      [/^validator flags "float_tolerance 0.000001": the native float checker compares words case-sensitively$/],
    ],
    [
      'float_relative_tolerance with space_change_sensitive',
      { type: 'icpc-default', caseSensitive: true, spaceChangeSensitive: true, floatRelTol: 0.01 },
      { type: 'float', relTol: 0.01 },
      [/space_change_sensitive cannot be combined with a float tolerance in the native format \(dropped\)$/],
    ],
  ])('%s', async (_flags, checker, expected, warnings) => {
    for (const options of [{}, { selfContained: true }]) {
      const conversion = await documentFromProblem(withChecker(checker), options);
      expect(conversion.document.checker).toEqual(expected);
      expect(conversion.warnings).toEqual(warnings.map((warning) => expect.stringMatching(warning)));
    }
  });
});

describe('documentFromProblem', () => {
  it('carries tests, limits, statement and groups; names what it cannot express', async () => {
    const problem = await loadIcpcPackage(path.join(fixtures, 'scoring-2025'));
    const conversion = await documentFromProblem(problem);
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

  it("gives each test its group's validator flags as a checker of its own, naming only what is lost", async () => {
    const problem = await loadIcpcPackage(path.join(fixtures, 'float-2023'));
    const conversion = await documentFromProblem(problem);
    expect(conversion.document.checker).toEqual({ type: 'tokens', caseSensitive: false });
    expect(conversion.document.testCases?.map((test) => [test.name, test.checker])).toEqual([
      ['sample/1', undefined],
      ['secret/1-absolute/1', { type: 'float', absTol: 1e-6 }],
      ['secret/2-relative/1', { type: 'float', relTol: 1e-6 }],
      ['secret/3-any-case/1', undefined],
      ['secret/4-exact-case/1', { type: 'tokens', caseSensitive: true }],
    ]);
    // the flags without a native equal, once per group; case_sensitive has one
    expect(conversion.warnings).toEqual([
      'validator flags "float_absolute_tolerance 0.000001" (secret/1-absolute): the native float checker compares words case-sensitively',
      'validator flags "float_relative_tolerance 0.000001" (secret/2-relative): the native float checker compares words case-sensitively',
    ]);
    // the YAML file judges each test with its own checker
    const dir = await tempDir();
    await writeFile(path.join(dir, 'float.yaml'), nativeYaml(conversion, 'float-2023'));
    const native = await loadNativeProblem(path.join(dir, 'float.yaml'));
    expect(native.testCases.map((test) => test.checker)).toEqual([
      undefined,
      { type: 'float', absTol: 1e-6, relTol: 0 },
      { type: 'float', absTol: 0, relTol: 1e-6 },
      undefined,
      { type: 'tokens', caseSensitive: true },
    ]);
  });

  it("keeps a test group's output validator arguments on its tests, to a file and self-contained", async () => {
    const problem = await loadIcpcPackage(path.join(fixtures, 'permutation-2025'));
    const argsOf = (tests: readonly { name: string; checkerArgs?: string[] }[]) => tests.map((test) => [test.name, test.checkerArgs]);
    expect(argsOf(problem.testCases)).toEqual([
      ['sample/1', undefined],
      ['secret/any/1', undefined],
      ['secret/any/2', undefined],
      ['secret/sorted/1', ['sorted']],
    ]);
    const dir = await tempDir();
    const out = path.join(dir, 'permutation/problem.yaml');
    const toFile = await documentFromProblem(problem, { outFile: out });
    await writeNativeProblem(toFile, out, problem.directory!);
    expect(argsOf((await loadNativeProblem(out)).testCases)).toEqual(argsOf(problem.testCases));
    const selfContained = await documentFromProblem(problem, { selfContained: true });
    expect(argsOf(problemFromDocument(validated(selfContained.document), { slug: 'permutation' }).testCases)).toEqual(argsOf(problem.testCases));
    expect([...toFile.warnings, ...selfContained.warnings]).toEqual([]);
  });

  it("a test's own checker: omitted when it is the problem's, lossy flags and programs named per group; arguments no program takes left out", async () => {
    const defaults = { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false } as const;
    const test = (name: string, extra: Partial<Problem['testCases'][number]>) => ({ name, sample: false, input: { text: '1\n' }, output: { text: '1\n' }, ...extra });
    const problem = withChecker(defaults, {
      testCases: [
        test('secret/same/1', { checker: { type: 'tokens', caseSensitive: false } }),
        test('secret/spaces/1', { checker: { ...defaults, spaceChangeSensitive: true } }),
        test('secret/spaces/2', { checker: { ...defaults, spaceChangeSensitive: true } }),
        test('secret/program/1', { checker: { type: 'custom', sourcePath: '/nowhere/check.py', language: 'python' }, checkerArgs: ['x'] }),
        test('secret/ignored/1', { checkerArgs: ['sorted'] }),
      ],
    });
    const { document, warnings } = await documentFromProblem(problem);
    expect(document.testCases?.map((entry) => [entry.name, entry.checker, entry.checkerArgs])).toEqual([
      ['secret/same/1', undefined, undefined],
      ['secret/spaces/1', { type: 'exact' }, undefined],
      ['secret/spaces/2', { type: 'exact' }, undefined],
      ['secret/program/1', undefined, undefined],
      ['secret/ignored/1', undefined, undefined],
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(/^validator flags "space_change_sensitive" \(secret\/spaces\) became the exact checker/),
      expect.stringMatching(/^secret\/program: a checker program of a test's own cannot be expressed/),
    ]);
    expect(validateProblemDocument(document).ok).toBe(true);
  });

  it('copies a custom validator and large tests beside the file; a validator of several files goes inline', async () => {
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
    const conversion = await documentFromProblem(await loadIcpcPackage(pkg), { outFile: out });
    await writeNativeProblem(conversion, out, pkg);
    const document = parse(await readFile(out, 'utf8'));
    expect(document.checker).toEqual({ type: 'custom', source: 'tests/checker/check.py', language: 'python' });
    expect(document.testCases).toEqual([{ name: 'secret/big', inputFile: 'tests/secret/big.in', outputFile: 'tests/secret/big.ans' }]);
    expect(await readFile(path.join(dir, 'out/big/tests/secret/big.in'), 'utf8')).toBe(big);
    expect((await loadNativeProblem(out)).checker).toMatchObject({ type: 'custom', language: 'python' });
    expect(conversion.warnings.join('\n')).toMatch(/no time limit/);

    const multi = await documentFromProblem(await loadIcpcPackage(path.join(fixtures, 'permutation-2025')), { outFile: path.join(dir, 'perm.yaml') });
    expect(multi.document.checker).toMatchObject({ type: 'custom', language: 'cpp' });
    expect(((multi.document.checker as { files?: { path: string }[] }).files ?? []).map((file) => file.path).sort()).toHaveLength(3);
    expect(multi.warnings.join('\n')).not.toMatch(/files/);
  });

  it('self-contained: inlines every test file, however large, and refers to no file', async () => {
    const dir = await tempDir();
    const big = `${'7 '.repeat(INLINE_BYTES)}\n`;
    await writeFile(path.join(dir, '1.in'), big);
    await writeFile(path.join(dir, '1.ans'), '3\n');
    const problem = withChecker(
      { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false },
      { testCases: [{ name: 'secret/1', sample: false, input: { path: path.join(dir, '1.in') }, output: { path: path.join(dir, '1.ans') } }] },
    );
    const { document, files, warnings } = await documentFromProblem(problem, { selfContained: true });
    expect(document.testCases).toEqual([{ name: 'secret/1', input: big, output: '3\n' }]);
    expect(files).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('self-contained: a custom checker goes inline, and comes back as the same program', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'check.py'), 'import sys\nsys.exit(42)\n');
    const problem = withChecker({ type: 'custom', sourcePath: path.join(dir, 'check.py'), language: 'python' });
    const { document, files } = await documentFromProblem(problem, { selfContained: true });
    expect(document.checker).toEqual({ type: 'custom', language: 'python', files: [{ path: 'check.py', content: 'import sys\nsys.exit(42)\n' }] });
    expect(files).toEqual([]);
    expect(validateProblemDocument(document).ok).toBe(true);
    const validated = validateProblemDocument(document);
    if (!validated.ok) throw new Error('invalid');
    const back = problemFromDocument(validated.document, { slug: 'x' });
    expect(back.checker).toMatchObject({ type: 'custom', language: 'python', inline: [{ path: 'check.py', content: 'import sys\nsys.exit(42)\n' }] });
  });

  it('a scripted program folder (build/run) goes inline even in a file, keeping the executable bit', async () => {
    const problem = await loadIcpcPackage(path.join(fixtures, 'guess-scripted'));
    const { document } = await documentFromProblem(problem, {});
    expect(document.interactor).toMatchObject({ language: 'script' });
    const names = (document.interactor?.files ?? []).map((file) => file.path).sort();
    expect(names).toContain('build');
    expect(names).toContain('run');
  });

  it('self-contained: a program that is not text is refused, naming the file', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'check'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0xff, 0xfe, 0x00]));
    const problem = withChecker({ type: 'custom', sourcePath: path.join(dir, 'check'), language: 'c' });
    await expect(documentFromProblem(problem, { selfContained: true })).rejects.toThrow(`${path.join(dir, 'check')}: not a text file`);
  });
});
