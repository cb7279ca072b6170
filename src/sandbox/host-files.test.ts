import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHead, readHeadAndTail, reapSessionFolders } from './host-files.js';

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

describe('reaping the session folders of judges that died', () => {
  it('removes only folders a judge made (private, this user\'s), never one someone else made or a link', () => {
    const deadPid = 4_194_000 + (process.pid % 100); // above what pids here reach: no such judge
    const name = (tag: string) => join(tmpdir(), `sonocode-box-${hostname()}-${deadPid}-${tag}`);
    const victim = join(dir, 'victim');
    mkdirSync(victim, { recursive: true });
    writeFileSync(join(victim, 'precious'), 'keep');
    mkdirSync(name('made'), { mode: 0o700 });
    writeFileSync(join(name('made'), 'in'), 'x');
    mkdirSync(name('open'), { mode: 0o755 });
    chmodSync(name('open'), 0o755);
    symlinkSync(victim, name('link'));
    try {
      reapSessionFolders((pid) => pid !== deadPid);
      expect(existsSync(name('made'))).toBe(false);
      expect(existsSync(name('open'))).toBe(true);
      expect(readFileSync(join(name('link'), 'precious'), 'utf8')).toBe('keep');
    } finally {
      for (const tag of ['made', 'open', 'link']) rmSync(name(tag), { recursive: true, force: true });
    }
  });
});
