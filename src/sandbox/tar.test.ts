import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarOf, untar } from './tar.js';

describe('tarOf', () => {
  it('writes an archive that tar extracts byte for byte, with modes and folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonocode-tar-'));
    const binary = Buffer.from(Array.from({ length: 1500 }, (_, i) => i % 256));
    writeFileSync(join(dir, 'a.tar'), tarOf([
      { path: 'main.cpp', content: 'int main(){}\n' },
      { path: 'judge/answer', content: binary },
      { path: 'run.sh', content: '#!/bin/sh\n', executable: true },
      { path: 'empty', content: '' },
    ]));
    execFileSync('tar', ['-x', '-f', 'a.tar'], { cwd: dir });
    expect(readFileSync(join(dir, 'main.cpp'), 'utf8')).toBe('int main(){}\n');
    expect(readFileSync(join(dir, 'judge/answer')).equals(binary)).toBe(true);
    expect(statSync(join(dir, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, 'empty')).length).toBe(0);
  });

  it('refuses a path too long for the format instead of writing a corrupt archive', () => {
    expect(() => tarOf([{ path: 'x'.repeat(101), content: '' }])).toThrow(/too long/);
  });
});

describe('untar', () => {
  it('reads back what tar -c wrote: regular files with long and nested names, no links or folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonocode-untar-'));
    const deep = `${'p'.repeat(60)}/${'q'.repeat(60)}/Main$Inner.class`;
    execFileSync('mkdir', ['-p', join(dir, deep, '..')]);
    writeFileSync(join(dir, deep), Buffer.from([0xca, 0xfe, 0xba, 0xbe]));
    writeFileSync(join(dir, 'Main.class'), 'x'.repeat(1000));
    execFileSync('ln', ['-s', '/etc/passwd', join(dir, 'link.class')]);
    const archive = execFileSync('tar', ['-c', '-f', '-', '.'], { cwd: dir });
    const entries = untar(archive).sort((a, b) => a.path.localeCompare(b.path));
    expect(entries.map((entry) => entry.path)).toEqual(['Main.class', deep]);
    expect(entries[0].content.toString()).toBe('x'.repeat(1000));
    expect([...entries[1].content]).toEqual([0xca, 0xfe, 0xba, 0xbe]);
    execFileSync('chmod', ['755', join(dir, 'Main.class')]);
    expect(untar(execFileSync('tar', ['-c', '-f', '-', 'Main.class'], { cwd: dir }))[0].mode).toBe(0o755);
  });

  it('refuses a truncated archive', () => {
    const archive = tarOf([{ path: 'a', content: 'y'.repeat(2000) }]);
    expect(() => untar(archive.subarray(0, 1024))).toThrow(/truncated/);
  });
});
