/** docs/errors.md lists every error code the code raises (outside the server's own catalogue). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CODE_PATTERN = /['"]((?:USAGE|FILE_NOT_FOUND|LANGUAGES?_[A-Z_]+|PROBLEM_[A-Z_]+|CHECKER_[A-Z_]+|SANDBOX_[A-Z_]+))['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [path] : [];
  });
}

describe('docs/errors.md', () => {
  it('documents every error code raised in src/', () => {
    const codes = new Set(sources(join(ROOT, 'src')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(CODE_PATTERN)].map((match) => match[1])));
    expect(codes.size).toBeGreaterThan(8);
    const documented = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
    expect([...codes].filter((code) => !documented.includes(`\`${code}\``))).toEqual([]);
  });
});
