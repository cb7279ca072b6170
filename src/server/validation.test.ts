/** One way from zod's issues to `{code, message, issues}`: paths under their part, messages that say what was sent. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, validationError } from './errors.js';
import { fieldIssues, issuePath, validationErrorMap } from './validation.js';

const body = z.strictObject({ language: z.string().min(1), code: z.string().min(1), tests: z.array(z.object({ output: z.string() })).optional() });

function issuesOf(data: unknown, base = 'body') {
  const parsed = body.safeParse(data, { error: validationErrorMap });
  if (parsed.success) throw new Error('expected issues');
  return fieldIssues(parsed.error.issues, base);
}

describe('fieldIssues', () => {
  it('names each field under its part and says what was sent', () => {
    expect(issuesOf({ language: 42, code: '' })).toEqual([
      { path: 'body.language', message: 'expected a string, got a number (42)' },
      { path: 'body.code', message: 'must not be empty' },
    ]);
    expect(issuesOf({ code: ['x'] })).toEqual([
      { path: 'body.language', message: 'is required' },
      { path: 'body.code', message: 'expected a string, got a list' },
    ]);
  });

  it('gives every unknown key an issue of its own', () => {
    expect(issuesOf({ language: 'c', code: 'x', userId: 'me', admin: true })).toEqual([
      { path: 'body.userId', message: 'is not a known field' },
      { path: 'body.admin', message: 'is not a known field' },
    ]);
  });

  it('suggests the known field an unknown one most likely meant', () => {
    expect(issuesOf({ lang: 'c', code: 'x' })).toEqual([
      { path: 'body.language', message: 'is required' },
      { path: 'body.lang', message: 'is not a known field (did you mean "language"?)' },
    ]);
    expect(issuesOf({ language: 'c', code: 'x', tetss: [] })).toContainEqual({ path: 'body.tetss', message: 'is not a known field (did you mean "tests"?)' });
  });

  it('writes nested paths like the documents they point into', () => {
    expect(issuesOf({ language: 'c', code: 'x', tests: [{ output: 'ok' }, {}] })).toEqual([{ path: 'body.tests[1].output', message: 'is required' }]);
    expect(issuePath('', ['weird key', 0])).toBe('["weird key"][0]');
  });
});

describe('validationError', () => {
  it('is a 400 SONO_VALIDATION whose message joins the issues, and whose body lists them', () => {
    const error = validationError(issuesOf({}));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe('body.language: is required; body.code: is required');
    expect(error.toBody()).toEqual({ code: 'SONO_VALIDATION', message: error.message, issues: error.issues });
  });

  it('shows at most ten issues in the message', () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({ path: `body.f${i}`, message: 'is required' }));
    expect(validationError(issues).message).toMatch(/body\.f9: is required; … and 2 more$/);
  });
});

describe('ApiError', () => {
  it('turns into a {code, message} body', () => {
    expect(new ApiError('SONO_NOT_FOUND', 'no submission "x"').toBody()).toEqual({ code: 'SONO_NOT_FOUND', message: 'no submission "x"' });
  });
});
