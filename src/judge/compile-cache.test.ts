import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CompileCache, type CompileKeyParts } from './compile-cache.js';

const root = mkdtempSync(join(tmpdir(), 'sonocode-compile-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const parts: CompileKeyParts = { purpose: 'submission', languageId: 'cpp', argv: ['/usr/bin/g++', '-O2', 'main.cpp'], source: 'int main(){}' };
const entry = { ok: true, output: 'warning: x', files: [{ path: 'main', content: Buffer.from([0x7f, 0x45, 0x4c, 0x46]), mode: 0o755 }, { path: 'main.cpp', content: Buffer.from('int main(){}'), mode: 0o644 }] };

describe('CompileCache', () => {
  it('keys on everything that decides the output, and on what the compile is for', () => {
    const base = CompileCache.key(parts);
    expect(CompileCache.key({ ...parts })).toBe(base);
    for (const other of [
      { ...parts, source: 'int main(){ }' },
      { ...parts, argv: ['/usr/bin/g++', '-O0', 'main.cpp'] },
      { ...parts, languageId: 'c' },
      { ...parts, purpose: 'checker' as const },
      { ...parts, extra: 'pch:abc' },
    ]) {
      expect(CompileCache.key(other)).not.toBe(base);
    }
  });

  it('gives back what was put, files and modes byte for byte, and misses an unknown key', async () => {
    const cache = new CompileCache({ dir: join(root, 'a') });
    const key = CompileCache.key(parts);
    expect(await cache.get(key)).toBeNull();
    await cache.put(key, entry);
    expect(await cache.get(key)).toEqual(entry);
  });

  it('lets two judges fill the same key at once, and treats a damaged entry as missing', async () => {
    const cache = new CompileCache({ dir: join(root, 'b') });
    const key = CompileCache.key(parts);
    await Promise.all(Array.from({ length: 8 }, () => cache.put(key, entry)));
    expect(await cache.get(key)).toEqual(entry);
    expect(readdirSync(cache.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    writeFileSync(join(cache.dir, `${key}.bin`), '{"format":"sonocode-compiled-1","ok":true,"output":"","files":[{"path":"x","mode":420,"size":99}]}\nshort');
    expect(await cache.get(key)).toBeNull();
  });

  it('stays under its size bound by removing the entries used least recently', async () => {
    const cache = new CompileCache({ dir: join(root, 'c'), maxSizeMb: 1 });
    const big = (n: number) => ({ ok: true, output: '', files: [{ path: 'main', content: Buffer.alloc(400 * 1024, n), mode: 0o755 }] });
    const keys = [1, 2, 3].map((n) => CompileCache.key({ ...parts, source: String(n) }));
    await cache.put(keys[0], big(1));
    await cache.put(keys[1], big(2));
    // the first is used again: the second is now the least recently used
    utimesSync(join(cache.dir, `${keys[1]}.bin`), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await cache.get(keys[0]);
    await cache.put(keys[2], big(3));
    expect(await cache.get(keys[1])).toBeNull();
    expect(await cache.get(keys[0])).not.toBeNull();
    expect(await cache.get(keys[2])).not.toBeNull();
  });

  it('measures the folder when first used, after storing 1/16 of its bound, or when no judge has for a minute', async () => {
    const cache = new CompileCache({ dir: join(root, 'd'), maxSizeMb: 1 });
    const store = (source: string, sizeKib: number) =>
      cache.put(CompileCache.key({ ...parts, source }), { ok: true, output: '', files: [{ path: 'main', content: Buffer.alloc(sizeKib * 1024), mode: 0o755 }] });
    const stale = `${'0'.repeat(64)}.bin`;
    const leaveStaleEntry = () => {
      mkdirSync(cache.dir, { recursive: true });
      writeFileSync(join(cache.dir, stale), Buffer.alloc(2 * 1024 * 1024));
      utimesSync(join(cache.dir, stale), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    };
    leaveStaleEntry();
    await store('never measured before', 1);
    expect(readdirSync(cache.dir)).not.toContain(stale);
    leaveStaleEntry();
    await store('measured a moment ago, 1 KiB stored since', 1);
    expect(readdirSync(cache.dir)).toContain(stale);
    utimesSync(join(cache.dir, '.measured'), new Date(Date.now() - 61_000), new Date(Date.now() - 61_000));
    await store('nobody measured for a minute', 1);
    expect(readdirSync(cache.dir)).not.toContain(stale);
    leaveStaleEntry();
    await store('1/16 of the bound stored since', 64);
    expect(readdirSync(cache.dir)).not.toContain(stale);
  });
});
