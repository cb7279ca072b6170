import { describe, expect, it } from 'vitest';
import { adminProblemView, parseProblemBody } from '../../server/problems.js';
import { documentOf } from './AdminProblem.js';

describe('documentOf (the body the edit page PUTs)', () => {
  it("changes the metadata and sends every test back as the admin's view gave it, its own checker and arguments too", () => {
    const stored = {
      ...parseProblemBody({
        title: 'Any Order',
        checker: { type: 'custom', language: 'python', files: [{ path: 'check.py', content: 'import sys\nsys.exit(42)\n' }] },
        testCases: [
          { name: 'sample/1', sample: true, input: '3\n', output: '1 2 3\n' },
          { name: 'secret/sorted/1', input: '2\n', output: '1 2\n', checkerArgs: ['sorted'] },
          { name: 'secret/near/1', input: '1\n', output: '0.5\n', checker: { type: 'float', relTol: 0.01 } },
        ],
      }),
      id: '0123456789abcdef01234567',
      createdAt: new Date(0),
      updatedAt: new Date(0),
    };
    const view = adminProblemView(stored);
    const { title: _title, ...metadata } = view;
    // what the server keeps from the edited document: the new title, the same tests
    const edited = parseProblemBody(documentOf(view, { ...metadata, title: 'Any Order, edited' }));
    expect(edited.title).toBe('Any Order, edited');
    expect(edited.testCases).toEqual(stored.testCases);
    expect(edited.testCases.map((test) => [test.checker, test.checkerArgs])).toEqual([
      [undefined, undefined],
      [undefined, ['sorted']],
      [{ type: 'float', relTol: 0.01 }, undefined],
    ]);
  });
});
