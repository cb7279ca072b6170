/**
 * The error catalogue is the one list of codes: docs/errors.md says what it says, the CLI exits as
 * it says, and no code is written in src/ without being in it (or in the server's API catalogue).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeForError } from '../cli/exit-codes.js';
import { API_ERROR_CATALOGUE } from '../protocol/errors.js';
import { ERROR_CATALOGUE, exitClassOfHttpStatus, isErrorCode } from './catalogue.js';

const ROOT = join(import.meta.dirname, '../..');
const docs = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [path] : [];
  });
}

/**
 * Codes written where an error gets or is matched on its code: `code: 'X'`, `code = 'X'`,
 * `code === 'X'`, `new SandboxError('X', …)`, `packageError('X', …)`.
 */
const CODE_PATTERNS = [/\bcode\s*(?::|=|===|!==)\s*['"]([A-Z][A-Z0-9_]*)['"]/g, /\w*Error\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g];
/** Codes of others that sonocode reads: Node's (ENOENT, ERR_*, ABORT_ERR), SQLite's, Fastify's. */
const FOREIGN_CODE = /^(E[A-Z]+|ERR_[A-Z_]+|ABORT_ERR|SQLITE_[A-Z_]+|FST_ERR_[A-Z_]+)$/;

describe('the error catalogue', () => {
  it('is docs/errors.md’s table, code by code: the same line and the exit code the CLI gives', () => {
    const documented = new Map<string, { doc: string; exitCode: number }>();
    for (const match of docs.matchAll(/^\|\s*`([A-Z][A-Z_]+)`\s*\|\s*(.+?)\s*\|\s*(\d+)\s*\|$/gm)) {
      documented.set(match[1], { doc: match[2], exitCode: Number(match[3]) });
    }
    const catalogue = new Map(
      Object.entries(ERROR_CATALOGUE).map(([code, entry]) => [code, { doc: entry.doc, exitCode: exitCodeForError({ code, message: '' }) }]),
    );
    expect(documented).toEqual(catalogue);
  });

  it('gives each exit class its exit code: usage 2, system 3, interrupted 130', () => {
    const byClass = { usage: 2, system: 3, interrupted: 130 };
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(exitCodeForError(Object.assign(new Error('x'), { code })), code).toBe(byClass[entry.exit]);
    }
  });

  it('has no code of the server’s API catalogue, whose answers exit by their HTTP status (4xx → 2, 5xx → 3)', () => {
    for (const [code, { status }] of Object.entries(API_ERROR_CATALOGUE)) {
      expect(isErrorCode(code), code).toBe(false);
      expect(exitCodeForError({ code, status, message: '' }), code).toBe(status >= 500 ? 3 : 2);
    }
    expect([exitClassOfHttpStatus(404), exitClassOfHttpStatus(503), exitClassOfHttpStatus(200)]).toEqual(['usage', 'system', undefined]);
  });

  it('holds every code written in src/ (or the API catalogue does)', () => {
    const written = new Map<string, string>();
    for (const file of sources(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of CODE_PATTERNS) for (const match of text.matchAll(pattern)) written.set(match[1], file.slice(ROOT.length + 1));
    }
    const ours = [...written.keys()].filter((code) => !FOREIGN_CODE.test(code));
    // the scan finds the codes of every layer, or it proves nothing
    expect(ours).toEqual(expect.arrayContaining(['USAGE', 'PROBLEM_INVALID', 'SANDBOX_FAILED', 'CHECKER_FAILED', 'SONO_TIMEOUT', 'SONO_NOT_FOUND']));
    const uncatalogued = ours.filter((code) => !isErrorCode(code) && !Object.hasOwn(API_ERROR_CATALOGUE, code));
    expect(uncatalogued.map((code) => `${code} (${written.get(code)})`)).toEqual([]);
  });
});
