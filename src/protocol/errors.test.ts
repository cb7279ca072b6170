/** The error catalogue and docs/api.md say the same thing: every code, with its status. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CATALOGUE } from './errors.js';

const docs = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

describe('the error catalogue', () => {
  it('is documented in docs/api.md, code by code, with the same status', () => {
    const documented = new Map<string, number>();
    for (const match of docs.matchAll(/^\|\s*`(SONO_[A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)) documented.set(match[1], Number(match[2]));
    const catalogue = new Map(Object.entries(API_ERROR_CATALOGUE).map(([code, entry]) => [code, entry.status as number]));
    expect(documented).toEqual(catalogue);
  });

  it('gives 4xx for the caller’s mistakes and 5xx only for the server’s', () => {
    for (const [code, { status }] of Object.entries(API_ERROR_CATALOGUE)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      if (status >= 500) expect(['SONO_INTERNAL', 'SONO_UNAVAILABLE']).toContain(code);
    }
  });
});
