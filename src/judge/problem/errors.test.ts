import { describe, expect, it } from 'vitest';
import { formatIssues, isProblemError, ProblemError } from './errors.js';

describe('ProblemError', () => {
  it('formats one line per issue with file, line and column when known', () => {
    const error = new ProblemError('PROBLEM_INVALID', 'problems/x.yaml', 'invalid problem', [
      { path: 'testCases[3].output', message: 'expected a string', line: 12, column: 5 },
      { path: 'slug', message: 'not a valid slug' },
      { path: '', message: 'bad YAML', line: 1 },
    ]);
    expect(error.format()).toBe(
      [
        'problems/x.yaml:12:5: testCases[3].output: expected a string',
        'problems/x.yaml: slug: not a valid slug',
        'problems/x.yaml:1: bad YAML',
      ].join('\n'),
    );
    expect(error.message).toBe(error.format());
    expect(error.code).toBe('PROBLEM_INVALID');
    expect(error.file).toBe('problems/x.yaml');
  });

  it('without issues, says what went wrong with the file as a whole', () => {
    const error = new ProblemError('PROBLEM_NOT_FOUND', 'problems/y', 'no such file or folder');
    expect(error.format()).toBe('problems/y: no such file or folder');
    expect(error.issues).toEqual([]);
  });

  it('is recognised by code, also after crossing a process boundary', () => {
    const error = new ProblemError('PROBLEM_FORMAT', 'p', 'an ICPC package');
    const copy = JSON.parse(JSON.stringify({ code: error.code, message: error.message }));
    expect(isProblemError(error)).toBe(true);
    expect(isProblemError(copy)).toBe(true);
    expect(isProblemError(new Error('x'))).toBe(false);
    expect(isProblemError(null)).toBe(false);
  });

  it('formatIssues matches format()', () => {
    expect(formatIssues('f.yaml', [{ path: 'a', message: 'b', line: 2, column: 3 }])).toBe('f.yaml:2:3: a: b');
  });
});
