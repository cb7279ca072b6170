import { describe, expect, it } from 'vitest';
import { problemFromDocument } from '../judge/problem/document.js';
import { ApiError } from './errors.js';
import { adminProblemView, parseProblemBody, publicProblemView, slugFromTitle } from './problems.js';

function issuesOf(body: unknown): { path: string; message: string }[] {
  try {
    parseProblemBody(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).issues ?? [];
  }
  throw new Error('expected a validation error');
}

describe('parseProblemBody', () => {
  it('accepts the native document, applies its defaults, names every test and derives the slug', () => {
    const data = parseProblemBody({ title: 'Two Sum!', testCases: [{ input: '1', output: '1', sample: true }, { input: '2', output: '2' }, { name: 'edge', input: '', output: '' }] });
    expect(data).toMatchObject({
      slug: 'two-sum',
      description: '',
      limits: { timeLimitMs: 2000, memoryLimitMb: 256, outputLimitKb: 65536 },
      checker: { type: 'tokens' },
      codeStubs: [],
    });
    expect(data.testCases.map((test) => [test.name, test.sample])).toEqual([
      ['sample-1', true],
      ['test-1', false],
      ['edge', false],
    ]);
  });

  it('reports every issue with its path under body', () => {
    const issues = issuesOf({ title: '', testCases: [], difficulty: 'trivial', checker: 'exact' });
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['body.title', 'body.testCases', 'body.difficulty', 'body.checker']));
    expect(issues.find((issue) => issue.path === 'body.checker')?.message).toContain('{type: exact}');
  });

  it('refuses what the server cannot keep: test files, and programs named by a file', () => {
    const issues = issuesOf({
      title: 'x',
      testCases: [{ inputFile: 'a.in', outputFile: 'a.out' }],
      checker: { type: 'custom', source: 'c.cpp', language: 'cpp' },
      interactor: { source: 'i.py', language: 'python' },
    });
    expect(issues.map((issue) => issue.path)).toEqual(['body.testCases[0].inputFile', 'body.testCases[0].outputFile', 'body.checker.source', 'body.interactor.source']);
    expect(issues[2]?.message).toMatch(/files inline.*problems import --server/);
  });

  it('keeps a custom checker and an interactor given with their files inline', () => {
    const checker = { type: 'custom', language: 'python', files: [{ path: 'check.py', content: 'import sys\nsys.exit(42)\n' }] };
    const interactor = { language: 'script', files: [{ path: 'build', content: '#!/bin/sh\n' }, { path: 'run', content: '#!/bin/sh\nexit 42\n', executable: true }] };
    const data = parseProblemBody({ title: 'x', testCases: [{ input: '1', output: '1' }], checker, interactor });
    expect(data.checker).toEqual(checker);
    expect(data.interactor).toEqual({ language: 'script', files: interactor.files });
  });

  it('a program needs exactly one of source and files, and its paths stay inside its folder', () => {
    const neither = issuesOf({ title: 'x', testCases: [{ input: '1', output: '1' }], checker: { type: 'custom', language: 'cpp' } });
    expect(neither).toEqual([expect.objectContaining({ path: 'body.checker', message: expect.stringMatching(/exactly one of source.*and files/) })]);
    for (const bad of ['../escape.cpp', '/etc/passwd', 'a/../../b', '', '.', 'a//b', 'sp ace.cpp']) {
      const issues = issuesOf({ title: 'x', testCases: [{ input: '1', output: '1' }], checker: { type: 'custom', language: 'cpp', files: [{ path: bad, content: '' }] } });
      expect(issues.map((issue) => issue.path), bad).toContain('body.checker.files[0].path');
    }
  });

  it("keeps a test's own checker and its checker arguments, and refuses them where nothing would use them", () => {
    const checker = { type: 'custom', language: 'python', files: [{ path: 'check.py', content: 'import sys\nsys.exit(42)\n' }] };
    const data = parseProblemBody({
      title: 'x',
      checker,
      testCases: [
        { name: 'sorted', input: '1', output: '1', checkerArgs: ['sorted'] },
        { name: 'near', input: '1', output: '1', checker: { type: 'float', relTol: 0.01 } },
        { name: 'plain', input: '1', output: '1' },
      ],
    });
    expect(data.testCases).toEqual([
      { name: 'sorted', sample: false, input: '1', output: '1', checkerArgs: ['sorted'] },
      { name: 'near', sample: false, input: '1', output: '1', checker: { type: 'float', relTol: 0.01 } },
      { name: 'plain', sample: false, input: '1', output: '1' },
    ]);
    const problem = problemFromDocument(data, { slug: data.slug });
    expect(problem.testCases.map((test) => [test.checker, test.checkerArgs])).toEqual([
      [undefined, ['sorted']],
      [{ type: 'float', absTol: 0, relTol: 0.01 }, undefined],
      [undefined, undefined],
    ]);
    const issues = issuesOf({ title: 'x', testCases: [{ input: '1', output: '1', checkerArgs: ['sorted'] }, { input: '1', output: '1', checker: { type: 'custom', language: 'python', files: checker.files } }] });
    expect(issues.map((issue) => issue.path)).toEqual(['body.testCases[1].checker.type', 'body.testCases[0].checkerArgs']);
  });

  it('refuses a body that is not an object', () => {
    expect(issuesOf([1, 2])).toEqual([{ path: 'body', message: 'expected a JSON object (a problem document)' }]);
  });
});

describe('views', () => {
  const stored = {
    ...parseProblemBody({
      title: 'Sum',
      testCases: [{ input: '1 2', output: '3', sample: true }, { input: 'SECRET-IN', output: 'SECRET-OUT' }],
      checker: { type: 'float', absTol: 0.001 },
      codeStubs: [{ language: 'python', startSnippet: 'HARNESS', userSnippet: 'def f(): pass', endSnippet: 'END' }],
    }),
    id: '0123456789abcdef01234567',
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };

  it('the public view has samples only and the user part of stubs', () => {
    const view = JSON.stringify(publicProblemView(stored));
    for (const secret of ['SECRET-IN', 'SECRET-OUT', 'HARNESS', '"END"']) expect(view).not.toContain(secret);
    expect(publicProblemView(stored).testNames).toEqual([
      { name: 'sample-1', sample: true },
      { name: 'test-1', sample: false },
    ]);
  });

  it("a test's own checker and arguments: the admin sees every test's, everyone else a sample's only", () => {
    const withArgs = {
      ...stored,
      checker: { type: 'custom' as const, language: 'python', files: [{ path: 'check.py', content: '' }] },
      testCases: [
        { ...stored.testCases[0], checker: { type: 'exact' as const } },
        { ...stored.testCases[1], checkerArgs: ['SECRET-ARG'] },
      ],
    };
    expect(adminProblemView(withArgs).testCases.map((test) => [test.checker, test.checkerArgs])).toEqual([
      [{ type: 'exact' }, undefined],
      [undefined, ['SECRET-ARG']],
    ]);
    const shown = publicProblemView(withArgs);
    expect(shown.testCases).toEqual([{ name: 'sample-1', sample: true, input: '1 2', output: '3', checker: { type: 'exact' } }]);
    expect(JSON.stringify(shown)).not.toContain('SECRET-ARG');
  });

  it("a checker's and an interactor's files are the admin's alone", () => {
    const files = [{ path: 'check.py', content: 'SECRET-CHECKER' }];
    const withPrograms = { ...stored, checker: { type: 'custom' as const, language: 'python', files }, interactor: { language: 'python', files } };
    const shown = publicProblemView(withPrograms);
    expect(shown.checker).toEqual({ type: 'custom', language: 'python' });
    expect(shown.interactor).toEqual({ language: 'python' });
    expect(JSON.stringify(shown)).not.toContain('SECRET-CHECKER');
    expect(adminProblemView(withPrograms)).toMatchObject({ checker: { files }, interactor: { files } });
  });

  it('the judge gets every test inline and a complete float checker', () => {
    const problem = problemFromDocument(stored, { slug: stored.slug });
    expect(problem.testCases[1]).toEqual({ name: 'test-1', sample: false, input: { text: 'SECRET-IN' }, output: { text: 'SECRET-OUT' } });
    expect(problem.checker).toEqual({ type: 'float', absTol: 0.001, relTol: 0 });
  });

  it('slugs come from titles', () => {
    expect(slugFromTitle('  Héllo, World — 2!  ')).toBe('hello-world-2');
    expect(slugFromTitle('???')).toBe('');
  });
});
