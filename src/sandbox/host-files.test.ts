import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHead, readHeadAndTail } from './host-files.js';

const dir = mkdtempSync(join(tmpdir(), 'sonocode-host-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bounded reads of what a program wrote', () => {
  it('reads at most the cap from the start, and nothing of a missing file', () => {
    const file = join(dir, 'out');
    writeFileSync(file, 'hello world');
    expect(readHead(file, 5).toString()).toBe('hello');
    expect(readHead(file, 100).toString()).toBe('hello world');
    expect(readHead(join(dir, 'missing'), 5).length).toBe(0);
  });

  it('keeps the head and the tail of a long error output, saying how much was cut', () => {
    const file = join(dir, 'err');
    const head = 'TypeError: x is not a function\n';
    const tail = '    at main (main.js:3:5)\n';
    writeFileSync(file, head + 'noise\n'.repeat(10_000) + tail);
    const kept = readHeadAndTail(file, 200);
    expect(kept.startsWith(head)).toBe(true);
    expect(kept.endsWith(tail)).toBe(true);
    expect(kept).toMatch(/… \(\d+ bytes cut\) …/);
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(200);
    writeFileSync(file, 'short\n');
    expect(readHeadAndTail(file, 200)).toBe('short\n');
  });
});
