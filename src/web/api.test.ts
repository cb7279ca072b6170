import { describe, expect, it } from 'vitest';
import { errorText, SonocodeApiError } from './api.js';

describe('errorText (an API error as the page shows it)', () => {
  it("says each of a problem file's issues once, though the message and the issues say them in two forms", () => {
    const message = 'body: bad.yaml:4:5: testCases[0].output: is required with input\nbad.yaml:6:1: unknown key "bogus"';
    const error = new SonocodeApiError('SONO_VALIDATION', 400, message, [
      { path: 'body.testCases[0].output', message: 'line 4: is required with input' },
      { path: 'body', message: 'line 6: unknown key "bogus"' },
    ]);
    expect(errorText(error)).toBe(message);
  });

  it('adds the field issues the message does not say', () => {
    const error = new SonocodeApiError('SONO_VALIDATION', 400, 'invalid request', [{ path: 'body.language', message: 'is required' }]);
    expect(errorText(error)).toBe('invalid request\nbody.language: is required');
  });
});
