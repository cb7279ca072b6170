/** A warm pool hands out fresh, started sessions and leaves no container behind when closed. */
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DockerBackend, OWNER_LABEL } from '../../../src/sandbox/docker/backend.js';
import { WarmPool } from '../../../src/sandbox/pool.js';
import type { BoxSession } from '../../../src/sandbox/session.js';

function ownContainers(): string[] {
  const owner = `${hostname()}/${process.pid}`;
  return execFileSync('docker', ['ps', '-aq', '--filter', `label=${OWNER_LABEL}=${owner}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

const limits = { cpuTimeMs: 1000, wallTimeMs: 3000, memoryMb: 64, outputKb: 64 };

describe('WarmPool', () => {
  it('hands out a different started container each time, never reusing one, and cleans up on close', async () => {
    const pool = new WarmPool(new DockerBackend(), { size: 2, template: { maxMemoryMb: 256 } });
    pool.fill();
    const first = await pool.prepare({ maxMemoryMb: 256 });
    const second = await pool.prepare({ maxMemoryMb: 256 });
    const ids = [first, second].map((session) => (session as BoxSession).description);
    expect(new Set(ids).size).toBe(2);
    // A file written in one session is not visible in the next: sessions are never reused.
    await first.writeFiles([{ path: 'secret.txt', content: 'from the first submission' }]);
    const peek = await second.run({ argv: ['/bin/sh', '-c', 'cat /box/secret.txt 2>&1 || true'], limits });
    expect(peek.stdout.toString()).not.toContain('first submission');
    await Promise.all([first.dispose(), second.dispose()]);
    // Options other than the template's are served directly by the backend.
    const other = await pool.prepare({ maxMemoryMb: 128 });
    expect((await other.run({ argv: ['/bin/echo', 'ok'], limits })).stdout.toString()).toBe('ok\n');
    await other.dispose();
    await pool.close();
    expect(ownContainers()).toEqual([]);
  });
});
