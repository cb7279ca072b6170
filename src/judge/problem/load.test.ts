import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProblemError, ProblemIssue } from './errors.js';
import { loadNativeProblem, loadProblem } from './load.js';
import { reportedGroups } from './scoring.js';

const temporaryDirs: string[] = [];

/** A temp folder holding `files` (path → content). */
async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sonocode-problem-'));
  temporaryDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

afterEach(async () => {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function loadError(problemPath: string, load = loadProblem): Promise<ProblemError> {
  const error = await load(problemPath).then(
    () => {
      throw new Error('expected the problem to be rejected');
    },
    (thrown: unknown) => thrown as ProblemError,
  );
  expect(error.name).toBe('ProblemError');
  return error;
}

/** The issues of an invalid problem as `path: message` strings. */
async function issuesOf(problemPath: string): Promise<ProblemIssue[]> {
  const error = await loadError(problemPath);
  expect(error.code).toBe('PROBLEM_INVALID');
  return error.issues;
}

function issueAt(issues: ProblemIssue[], at: string): ProblemIssue {
  const found = issues.find((issue) => issue.path === at);
  if (!found) throw new Error(`no issue at ${at}; issues:\n${issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
  return found;
}

const MINIMAL = `title: Add
testCases:
  - input: "1 2"
    output: "3"
`;

describe('loadProblem: valid files', () => {
  it('loads a minimal <slug>.yaml with every default', async () => {
    const dir = await folderWith({ 'add-two.yaml': MINIMAL });
    const problem = await loadProblem(path.join(dir, 'add-two.yaml'));
    expect(problem).toEqual({
      slug: 'add-two',
      title: 'Add',
      description: '',
      limits: { timeLimitMs: 2000, memoryLimitMb: 256, outputLimitKb: 65536 },
      checker: { type: 'tokens' },
      testCases: [{ name: 'test-1', sample: false, input: { text: '1 2' }, output: { text: '3' } }],
      codeStubs: [],
      directory: dir,
      format: 'native',
    });
  });

  it('accepts .yml too', async () => {
    const dir = await folderWith({ 'add.yml': MINIMAL });
    expect((await loadNativeProblem(path.join(dir, 'add.yml'))).slug).toBe('add');
  });

  it('numbers default test names within samples and within hidden tests, and keeps given names', async () => {
    const dir = await folderWith({
      'p.yaml': `title: P
testCases:
  - {input: a, output: a, sample: true}
  - {input: b, output: b}
  - {input: c, output: c, sample: true}
  - {input: d, output: d, name: big}
  - {input: e, output: e}
`,
    });
    const problem = await loadProblem(path.join(dir, 'p.yaml'));
    expect(problem.testCases.map((test) => [test.name, test.sample])).toEqual([
      ['sample-1', true],
      ['test-1', false],
      ['sample-2', true],
      ['big', false],
      ['test-3', false],
    ]);
  });

  it('loads <slug>/problem.yaml with files, a custom checker, groups, stubs and every field', async () => {
    const dir = await folderWith({
      'two-sum/problem.yaml': `title: Two Sum
description: |
  Add **two** numbers.
difficulty: easy
limits: {timeLimitMs: 1000, memoryLimitMb: 64, outputLimitKb: 128}
checker: {type: custom, source: checker/check.cpp, language: cpp}
testCases:
  - {input: "1 2\\n", output: "3\\n", sample: true}
  - {inputFile: tests/big.in, outputFile: tests/big.ans, name: big}
groups:
  - {name: all, score: 100, tests: [sample-1, big]}
codeStubs:
  - language: python
    userSnippet: "def add(a, b):\\n    pass\\n"
    endSnippet: "print(add(*map(int, input().split())))\\n"
`,
      'two-sum/tests/big.in': '5 6\n',
      'two-sum/tests/big.ans': '11\n',
      'two-sum/checker/check.cpp': 'int main() { return 42; }\n',
    });
    const folder = path.join(dir, 'two-sum');
    const problem = await loadProblem(folder);
    expect(problem.slug).toBe('two-sum');
    expect(problem.directory).toBe(folder);
    expect(problem.description).toBe('Add **two** numbers.\n');
    expect(problem.difficulty).toBe('easy');
    expect(problem.limits).toEqual({ timeLimitMs: 1000, memoryLimitMb: 64, outputLimitKb: 128 });
    expect(problem.checker).toEqual({
      type: 'custom',
      sourcePath: path.join(folder, 'checker/check.cpp'),
      language: 'cpp',
    });
    expect(problem.testCases).toEqual([
      { name: 'sample-1', sample: true, input: { text: '1 2\n' }, output: { text: '3\n' } },
      {
        name: 'big',
        sample: false,
        input: { path: path.join(folder, 'tests/big.in') },
        output: { path: path.join(folder, 'tests/big.ans') },
      },
    ]);
    expect(reportedGroups(problem.scoring)).toEqual([{ name: 'all', score: 100, tests: ['sample-1', 'big'] }]);
    expect(problem.codeStubs).toEqual([
      {
        language: 'python',
        startSnippet: '',
        userSnippet: 'def add(a, b):\n    pass\n',
        endSnippet: 'print(add(*map(int, input().split())))\n',
      },
    ]);
    // Naming problem.yaml itself is the same as naming its folder.
    expect(await loadProblem(path.join(folder, 'problem.yaml'))).toEqual(problem);
  });

  it('lets an explicit slug win over the file name, and keeps partial limits defaults', async () => {
    const dir = await folderWith({
      'Two_Sum.yaml': `title: T
slug: two-sum
limits: {timeLimitMs: 500}
testCases: [{input: "", output: ""}]
`,
    });
    const problem = await loadProblem(path.join(dir, 'Two_Sum.yaml'));
    expect(problem.slug).toBe('two-sum');
    expect(problem.limits).toEqual({ timeLimitMs: 500, memoryLimitMb: 256, outputLimitKb: 65536 });
  });

  it('maps the float and tokens checkers to checker specs, a missing tolerance being 0', async () => {
    const dir = await folderWith({
      'f.yaml': `title: F\nchecker: {type: float, absTol: 1e-6}\ntestCases: [{input: "", output: "1"}]\n`,
      'g.yaml': `title: G\nchecker: {type: float, relTol: 0.001}\ntestCases: [{input: "", output: "1"}]\n`,
      't.yaml': `title: T\nchecker: {type: tokens, caseSensitive: false}\ntestCases: [{input: "", output: "1"}]\n`,
      'e.yaml': `title: E\nchecker: {type: exact}\ntestCases: [{input: "", output: "1"}]\n`,
    });
    expect((await loadProblem(path.join(dir, 'f.yaml'))).checker).toEqual({ type: 'float', absTol: 1e-6, relTol: 0 });
    expect((await loadProblem(path.join(dir, 'g.yaml'))).checker).toEqual({ type: 'float', absTol: 0, relTol: 0.001 });
    expect((await loadProblem(path.join(dir, 't.yaml'))).checker).toEqual({ type: 'tokens', caseSensitive: false });
    expect((await loadProblem(path.join(dir, 'e.yaml'))).checker).toEqual({ type: 'exact' });
  });

  it("gives a test its own checker and its custom checker's arguments", async () => {
    const dir = await folderWith({
      'p/problem.yaml': [
        'title: P',
        'checker: {type: custom, source: check.py, language: python}',
        'testCases:',
        '  - {name: any, input: "1", output: "1"}',
        '  - {name: sorted, input: "2", output: "2", checkerArgs: [sorted, "--eps", "1e-6"]}',
        '  - {name: near, input: "3", output: "3", checker: {type: float, relTol: 0.01}}',
        '',
      ].join('\n'),
      'p/check.py': 'import sys\nsys.exit(42)\n',
    });
    const problem = await loadProblem(path.join(dir, 'p'));
    expect(problem.testCases.map((test) => [test.name, test.checker, test.checkerArgs])).toEqual([
      ['any', undefined, undefined],
      ['sorted', undefined, ['sorted', '--eps', '1e-6']],
      ['near', { type: 'float', absTol: 0, relTol: 0.01 }, undefined],
    ]);
  });

  it("lets an interactive problem's tests give its interactor arguments", async () => {
    const dir = await folderWith({
      'p/problem.yaml': 'title: P\ninteractor: {source: i.py, language: python}\ntestCases:\n  - {input: "1", output: "1", checkerArgs: [hard]}\n',
      'p/i.py': 'import sys\nsys.exit(42)\n',
    });
    expect((await loadProblem(path.join(dir, 'p'))).testCases[0].checkerArgs).toEqual(['hard']);
  });

  it('loads a native problem that keeps its test files in data/', async () => {
    const dir = await folderWith({
      'p/problem.yaml': 'title: P\ntestCases:\n  - {inputFile: data/1.in, outputFile: data/1.ans}\n',
      'p/data/1.in': '1\n',
      'p/data/1.ans': '1\n',
    });
    expect((await loadProblem(path.join(dir, 'p'))).testCases[0].input).toEqual({
      path: path.join(dir, 'p/data/1.in'),
    });
  });
});

describe('loadProblem: every error reported, with its path and line', () => {
  it('reports all schema errors of a file at once, in file order, with line and column', async () => {
    const dir = await folderWith({
      'bad.yaml': [
        'title: 42', // 1
        'difficulty: hardest', // 2
        'limits:', // 3
        '  timeLimitMs: 1.5', // 4
        '  memoryLimitMb: 0', // 5
        '  outputLimitKb: "big"', // 6
        'checker: {type: float, absTol: -1}', // 7
        'testCases:', // 8
        '  - input: "1"', // 9
        '    output: 3', // 10
        '  - input: x', // 11
        '    output: [1, 2]', // 12
        '  - sample: yes', // 13
        '    input: a', // 14
        '    output: b', // 15
        '',
      ].join('\n'),
    });
    const issues = await issuesOf(path.join(dir, 'bad.yaml'));
    expect(issues.map((issue) => [issue.path, issue.line, issue.column])).toEqual([
      ['title', 1, 8],
      ['difficulty', 2, 13],
      ['limits.timeLimitMs', 4, 16],
      ['limits.memoryLimitMb', 5, 18],
      ['limits.outputLimitKb', 6, 18],
      ['checker.absTol', 7, 32],
      ['testCases[0].output', 10, 13],
      ['testCases[1].output', 12, 13],
      ['testCases[2].sample', 13, 13],
    ]);
    expect(issueAt(issues, 'title').message).toBe('expected a string, got a number (42); quote it to make it text: "42"');
    expect(issueAt(issues, 'difficulty').message).toBe('must be one of easy, medium, hard, got a string ("hardest")');
    expect(issueAt(issues, 'limits.timeLimitMs').message).toBe('must be a positive integer, got 1.5');
    expect(issueAt(issues, 'limits.memoryLimitMb').message).toBe('must be a positive integer, got 0');
    expect(issueAt(issues, 'limits.outputLimitKb').message).toBe('must be a positive integer, got a string ("big")');
    expect(issueAt(issues, 'checker.absTol').message).toMatch(/^must be at least 0/);
    expect(issueAt(issues, 'testCases[0].output').message).toMatch(/^expected a string, got a number \(3\)/);
    expect(issueAt(issues, 'testCases[1].output').message).toBe('expected a string, got a list');
    // YAML 1.2: `yes` is a string, not a boolean.
    expect(issueAt(issues, 'testCases[2].sample').message).toBe('expected true or false, got a string ("yes")');
  });

  it('formats each issue as file:line:col: path: message', async () => {
    const dir = await folderWith({ 'x.yaml': 'title: X\ntestCases:\n  - input: a\n    output: 3\n' });
    const file = path.join(dir, 'x.yaml');
    const error = await loadError(file);
    expect(error.code).toBe('PROBLEM_INVALID');
    expect(error.file).toBe(file);
    expect(error.format()).toBe(
      `${file}:4:13: testCases[0].output: expected a string, got a number (3); quote it to make it text: "3"`,
    );
    expect(error.message).toContain('testCases[0].output');
  });

  it('reports limits above their bounds', async () => {
    const dir = await folderWith({
      'x.yaml': 'title: X\nlimits: {timeLimitMs: 60001, memoryLimitMb: 20000}\ntestCases: [{input: a, output: b}]\n',
    });
    const issues = await issuesOf(path.join(dir, 'x.yaml'));
    expect(issueAt(issues, 'limits.timeLimitMs').message).toMatch(/^must be at most 60000/);
    expect(issueAt(issues, 'limits.memoryLimitMb').message).toMatch(/^must be at most 16384/);
  });

  it('reports each unknown key at the key, with a suggestion for typos', async () => {
    const dir = await folderWith({
      'x.yaml': [
        'title: X',
        'titel: Y',
        'limits: {timeLimit: 5}',
        'testCases:',
        '  - input: a',
        '    output: b',
        '  - input: a',
        '    outptu: b',
        '    weight: 3',
        '',
      ].join('\n'),
    });
    const issues = await issuesOf(path.join(dir, 'x.yaml'));
    expect(issues.map((issue) => `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`)).toEqual([
      '2:1 : unknown key "titel" (did you mean "title"?)',
      '3:10 limits: unknown key "timeLimit" (did you mean "timeLimitMs"?)',
      '7:5 testCases[1].output: is required with input',
      '8:5 testCases[1]: unknown key "outptu" (did you mean "output"?)',
      '9:5 testCases[1]: unknown key "weight"',
    ]);
  });

  it('reports a missing title, an empty test list and an unknown checker type', async () => {
    const dir = await folderWith({ 'x.yaml': 'description: hi\nchecker: {type: regex}\ntestCases: []\n' });
    const issues = await issuesOf(path.join(dir, 'x.yaml'));
    expect(issueAt(issues, 'title').message).toBe('is required');
    expect(issueAt(issues, 'title').line).toBe(1);
    expect(issueAt(issues, 'testCases').message).toBe('must have at least 1 item');
    expect(issueAt(issues, 'checker.type').message).toBe(
      'must be one of exact, tokens, float, custom, got a string ("regex")',
    );
    expect(issueAt(issues, 'checker.type').line).toBe(2);
  });

  it('explains checker shorthands and float checkers without a tolerance', async () => {
    const dir = await folderWith({
      'a.yaml': 'title: A\nchecker: exact\ntestCases: [{input: a, output: b}]\n',
      'b.yaml': 'title: B\nchecker: {type: float}\ntestCases: [{input: a, output: b}]\n',
      'c.yaml': 'title: C\nchecker: {type: custom}\ntestCases: [{input: a, output: b}]\n',
    });
    expect(issueAt(await issuesOf(path.join(dir, 'a.yaml')), 'checker').message).toBe(
      'expected a mapping, got a string ("exact"); write {type: exact}',
    );
    expect(issueAt(await issuesOf(path.join(dir, 'b.yaml')), 'checker').message).toBe(
      'a float checker needs absTol, relTol or both',
    );
    const custom = await issuesOf(path.join(dir, 'c.yaml'));
    expect(custom.map((issue) => issue.path).sort()).toEqual(['checker', 'checker.language']);
    expect(issueAt(custom, 'checker').message).toBe('needs exactly one of source (a file) and files (inline)');
  });

  it("refuses a test's checker settings that nothing would use, each at its path", async () => {
    const dir = await folderWith({
      'x.yaml': [
        'title: X',
        'checker: {type: float, absTol: 0.1}',
        'testCases:',
        '  - {name: a, input: "1", output: "1", checkerArgs: [sorted]}', // a comparator takes no arguments
        '  - {name: b, input: "1", output: "1", checker: {type: custom, source: c.py, language: python}}', // no program per test
        '  - {name: c, input: "1", output: "1", checker: {type: exact}, checkerArgs: [x]}', // nor does the test's own comparator
        '  - {name: d, input: "1", output: "1", checker: {type: regex}, checkerArgs: sorted}',
        '  - {name: e, input: "1", output: "1", checker: {type: float}}',
        '',
      ].join('\n'),
      'i.yaml': 'title: I\ninteractor: {source: i.py, language: python}\ntestCases:\n  - {name: a, input: "1", output: "1", checker: {type: exact}}\n',
      'i.py': '',
    });
    const issues = await issuesOf(path.join(dir, 'x.yaml'));
    expect(issues.map((issue) => `${issue.line} ${issue.path}: ${issue.message}`)).toEqual([
      '4 testCases[0].checkerArgs: test "a": arguments go only to a custom checker or an interactor, and the problem\'s checker is float',
      '5 testCases[1].checker.type: a test\'s checker is exact, tokens or float: a checker program (custom) is the problem\'s, and a test gives it arguments with checkerArgs',
      '6 testCases[2].checkerArgs: test "c": arguments go only to a custom checker or an interactor, and this test\'s own checker is exact',
      '7 testCases[3].checker.type: must be one of exact, tokens, float, got a string ("regex")',
      '7 testCases[3].checkerArgs: expected a list, got a string ("sorted")',
      '8 testCases[4].checker: a float checker needs absTol, relTol or both',
    ]);
    expect(issueAt(await issuesOf(path.join(dir, 'i.yaml')), 'testCases[0].checker').message).toBe(
      'test "a": a test\'s own checker is not used in an interactive problem: its interactor judges every test',
    );
  });

  it('requires exactly one form of test data per test', async () => {
    const dir = await folderWith({
      'x.yaml': [
        'title: X',
        'testCases:',
        '  - {input: a, inputFile: a.in, outputFile: a.ans}', // mixed
        '  - {name: nothing}', // neither
        '  - {output: b}', // half inline
        '  - {inputFile: a.in}', // half files
        '',
      ].join('\n'),
      'a.in': '',
      'a.ans': '',
    });
    const issues = await issuesOf(path.join(dir, 'x.yaml'));
    expect(issues.map((issue) => `${issue.line} ${issue.path}: ${issue.message}`)).toEqual([
      '3 testCases[0]: mixes inline data (input/output) with files (inputFile/outputFile); use one form',
      '4 testCases[1]: needs input and output, or inputFile and outputFile',
      '5 testCases[2].input: is required with output',
      '6 testCases[3].outputFile: is required with inputFile',
    ]);
  });

  it('reports missing test files and checker source at their paths, next to schema errors', async () => {
    const dir = await folderWith({
      'p/problem.yaml': [
        'title: P',
        'checker: {type: custom, source: check.py, language: python}',
        'testCases:',
        '  - {inputFile: in/1.txt, outputFile: out/1.txt}',
        '  - {inputFile: in/2.txt, outputFile: out/2.txt}',
        '  - {inputFile: in, outputFile: out/1.txt}',
        '  - {input: a, output: 5}',
        '',
      ].join('\n'),
      'p/in/1.txt': '1',
      'p/out/1.txt': '1',
      'p/in/.keep': '',
    });
    const issues = await issuesOf(path.join(dir, 'p'));
    expect(issues.map((issue) => `${issue.line} ${issue.path}`)).toEqual([
      '2 checker.source',
      '5 testCases[1].inputFile',
      '5 testCases[1].outputFile',
      '6 testCases[2].inputFile',
      '7 testCases[3].output',
    ]);
    expect(issueAt(issues, 'checker.source').message).toBe(
      `file not found: "check.py" (looked for ${path.join(dir, 'p', 'check.py')})`,
    );
    expect(issueAt(issues, 'testCases[2].inputFile').message).toMatch(/^not a file: "in"/);
  });

  it('rejects duplicate test names, including a given name that equals a default one', async () => {
    const dir = await folderWith({
      'x.yaml': [
        'title: X',
        'testCases:',
        '  - {name: a, input: "1", output: "1"}',
        '  - {name: a, input: "2", output: "2"}',
        '  - {name: test-3, input: "3", output: "3"}',
        '  - {input: "4", output: "4"}', // default test-4
        '  - {name: test-4, input: "5", output: "5"}',
        '',
      ].join('\n'),
    });
    const issues = await issuesOf(path.join(dir, 'x.yaml'));
    expect(issues.map((issue) => `${issue.line} ${issue.path}: ${issue.message}`)).toEqual([
      '4 testCases[1].name: duplicate test name "a" (already used by testCases[0])',
      '7 testCases[4].name: duplicate test name "test-4" (already used by testCases[3])',
    ]);
  });

  it('rejects groups that name unknown tests, and duplicate groups', async () => {
    const dir = await folderWith({
      'x.yaml': [
        'title: X',
        'testCases:',
        '  - {input: "1", output: "1", sample: true}',
        '  - {input: "2", output: "2"}',
        'groups:',
        '  - {name: g, score: 10, tests: [sample-1, test-2]}',
        '  - {name: g, score: -1, tests: [test-1]}',
        '',
      ].join('\n'),
    });
    const issues = await issuesOf(path.join(dir, 'x.yaml'));
    expect(issues.map((issue) => `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`)).toEqual([
      '6:44 groups[0].tests[1]: unknown test "test-2" (tests: sample-1, test-1)',
      '7:12 groups[1].name: duplicate group name "g" (already used by groups[0])',
      '7:22 groups[1].score: must be at least 0, got a number (-1)',
    ]);
  });

  it('rejects a file name that is no valid slug when no slug is given, and an invalid slug', async () => {
    const dir = await folderWith({ 'Two Sum.yaml': MINIMAL, 'ok.yaml': `slug: Two_Sum\n${MINIMAL}` });
    const issues = await issuesOf(path.join(dir, 'Two Sum.yaml'));
    expect(issueAt(issues, 'slug').message).toContain('add "slug: two-sum"');
    const explicit = await issuesOf(path.join(dir, 'ok.yaml'));
    expect(issueAt(explicit, 'slug').message).toBe(
      'must be lowercase letters, digits and hyphens ([a-z0-9-]+), got a string ("Two_Sum")',
    );
    expect(issueAt(explicit, 'slug').line).toBe(1);
  });

  it('reports YAML syntax errors with their line', async () => {
    const dir = await folderWith({
      'x.yaml': 'title: X\ntestCases:\n  - input: "unterminated\n    output: b\n',
      'dup.yaml': 'title: X\ntitle: Y\ntestCases: [{input: a, output: b}]\n',
    });
    const issues = await issuesOf(path.join(dir, 'x.yaml'));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0].line).toBeGreaterThanOrEqual(3);
    const duplicate = await issuesOf(path.join(dir, 'dup.yaml'));
    expect(duplicate[0]).toMatchObject({ line: 2, column: 1 });
    expect(duplicate[0].message).toMatch(/unique/i);
  });

  it('refuses a file nested thousands deep with its place, as a usage error (never a stack overflow)', async () => {
    const dir = await folderWith({
      'flow.yaml': `${MINIMAL}extra: ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
      'block.yaml': `${MINIMAL}extra:\n${Array.from({ length: 2000 }, (_, i) => `${'  '.repeat(i + 1)}a:`).join('\n')}\n`,
      'deep.yaml': `${MINIMAL}extra: ${'['.repeat(80)}${']'.repeat(80)}\n`,
    });
    for (const file of ['flow.yaml', 'block.yaml', 'deep.yaml']) {
      const issues = await issuesOf(path.join(dir, file));
      expect(issues).toHaveLength(1);
      expect(issues[0].message).toMatch(/nest(ed too deep|ed more than 64 levels deep): a problem file nests at most 64 levels/);
      expect(issues[0].line).toBeGreaterThanOrEqual(5);
    }
  });

  it('reads test files and checkers only inside the problem\'s folder: absolute paths and links out are refused', async () => {
    const outside = await folderWith({ 'secret.txt': 'the machine\'s own file' });
    const dir = await folderWith({
      'p/problem.yaml': `title: X\ntestCases:\n  - {inputFile: ${path.join(outside, 'secret.txt')}, outputFile: ok.ans}\n  - {inputFile: ../../${path.basename(outside)}/secret.txt, outputFile: ok.ans}\n  - {inputFile: link.in, outputFile: ok.ans}\nchecker: {type: custom, source: /etc/passwd, language: cpp}\n`,
      'p/ok.ans': '1',
    });
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'p/link.in'));
    const issues = await issuesOf(path.join(dir, 'p'));
    expect(issueAt(issues, 'testCases[0].inputFile').message).toMatch(/^must be relative to the problem's folder/);
    expect(issueAt(issues, 'testCases[1].inputFile').message).toMatch(/^leads outside the problem's folder/);
    expect(issueAt(issues, 'testCases[2].inputFile').message).toMatch(/^leads outside the problem's folder/);
    expect(issueAt(issues, 'checker.source').message).toMatch(/^must be relative to the problem's folder/);
    const inside = await folderWith({ 'q/problem.yaml': 'title: X\ntestCases:\n  - {inputFile: tests/a.in, outputFile: tests/a.ans}\n', 'q/tests/real.in': '1', 'q/tests/a.ans': '1' });
    await symlink('real.in', path.join(inside, 'q/tests/a.in'));
    expect((await loadProblem(path.join(inside, 'q'))).testCases).toHaveLength(1);
  });

  it('reports an empty file and a document that is not a mapping', async () => {
    const dir = await folderWith({ 'empty.yaml': '# nothing\n', 'list.yaml': '- a\n- b\n' });
    const empty = await issuesOf(path.join(dir, 'empty.yaml'));
    expect(empty[0].message).toMatch(/empty/);
    const list = await issuesOf(path.join(dir, 'list.yaml'));
    expect(list).toEqual([{ path: '', message: 'expected a mapping, got a list', line: 1, column: 1 }]);
  });
});

describe('loadProblem: what is not a native problem', () => {
  it('PROBLEM_NOT_FOUND for a missing path and for a folder without problem.yaml', async () => {
    const dir = await folderWith({ 'empty/.keep': '' });
    const missing = await loadError(path.join(dir, 'nope.yaml'));
    expect(missing.code).toBe('PROBLEM_NOT_FOUND');
    expect(missing.format()).toContain('nope.yaml');
    const folder = await loadError(path.join(dir, 'empty'));
    expect(folder.code).toBe('PROBLEM_NOT_FOUND');
    expect(folder.message).toContain('problem.yaml');
  });

  it('PROBLEM_FORMAT for a file that is not YAML', async () => {
    const dir = await folderWith({ 'p.json': '{}' });
    expect((await loadError(path.join(dir, 'p.json'))).code).toBe('PROBLEM_FORMAT');
  });

  it('PROBLEM_FORMAT for an ICPC package (problem.yaml with data/), by folder or by file', async () => {
    const dir = await folderWith({
      'hello/problem.yaml': 'name: Hello\nproblem_format_version: 2023-07-draft\n',
      'hello/data/sample/1.in': '',
      'hello/data/sample/1.ans': '',
    });
    // The native loader's answer; loadProblem may later dispatch such folders to the ICPC loader.
    const error = await loadError(path.join(dir, 'hello'), loadNativeProblem);
    expect(error.code).toBe('PROBLEM_FORMAT');
    expect(error.message).toMatch(/ICPC/);
    expect((await loadError(path.join(dir, 'hello', 'problem.yaml'), loadNativeProblem)).code).toBe('PROBLEM_FORMAT');
  });
});
