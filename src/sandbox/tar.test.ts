import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarOf } from './tar.js';

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
