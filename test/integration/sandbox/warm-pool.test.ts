/**
 * A warm pool hands out started sessions: Docker's fresh every time, never reused, none left when
 * closed; the native backend's boxes renewed as new for the next submission.
 */
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DockerBackend, OWNER_LABEL } from '../../../src/sandbox/docker/backend.js';
import { NativeBackend } from '../../../src/sandbox/native/backend.js';
import { WarmPool } from '../../../src/sandbox/pool.js';
import { MAX_BOX_SESSIONS, type BoxSession } from '../../../src/sandbox/session.js';

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

describe('WarmPool over the native backend', () => {
  it('gives a box back as new: new empty scratch file systems, no IPC object, the folders as made', async () => {
    const pool = new WarmPool(new NativeBackend(), { size: 1, template: { maxMemoryMb: 256 } });
    pool.fill();
    try {
      const first = await pool.prepare({ maxMemoryMb: 256 });
      const box = (first as unknown as { description: string }).description;
      await first.writeFiles([{ path: 'secret.txt', content: 'from the first submission' }]);
      await first.seal();
      // The first submission leaves what it can: files, a folder's mode and attribute, a shared memory segment.
      const left = await first.run({
        argv: ['/usr/bin/python3', '-c', [
          'import os, subprocess',
          'open("/box/stash", "w").write("x"); open("/tmp/stash", "w").write("x")',
          'os.chmod("/box", 0o700)',
          'try:\n    os.setxattr("/box", "user.stash", b"x"); print("xattr")\nexcept OSError: pass',
          'print(subprocess.run(["/usr/bin/ipcmk", "-M", "4096"], capture_output=True).returncode)',
        ].join('\n')],
        limits,
      });
      expect(left.status).toBe('exited');
      expect(left.stdout.toString()).toBe('xattr\n0\n'); // the attribute and the segment were made
      await first.dispose();
      await expect(first.run({ argv: ['/bin/true'], limits })).rejects.toThrow(/disposed sandbox session/);

      const second = await pool.prepare({ maxMemoryMb: 256 });
      expect((second as unknown as { description: string }).description).toBe(box); // the same box, renewed
      const seen = await second.run({
        argv: ['/bin/sh', '-c', 'ls -A /box /tmp /sealed; stat -c "%a %u" /box /tmp /sealed; ipcs -m | grep -c "^0x" || true; python3 -c \'import os; print(os.listxattr("/box"))\''],
        limits,
      });
      expect(seen.stdout.toString()).toBe('/box:\n\n/sealed:\n\n/tmp:\n755 65534\n1777 0\n755 0\n0\n[]\n');
      await second.writeFiles([{ path: 'main.sh', content: 'echo second' }]);
      expect((await second.run({ argv: ['/bin/sh', 'main.sh'], limits })).stdout.toString()).toBe('second\n');
      await second.dispose();
    } finally {
      await pool.close();
    }
  });

  it(`serves ${MAX_BOX_SESSIONS} sessions with a box at most, then makes a new one`, async () => {
    const pool = new WarmPool(new NativeBackend(), { size: 1, template: { maxMemoryMb: 128 } });
    pool.fill();
    try {
      const boxes: string[] = [];
      for (let i = 0; i <= MAX_BOX_SESSIONS; i++) {
        const session = await pool.prepare({ maxMemoryMb: 128 });
        boxes.push((session as unknown as { description: string }).description);
        await session.dispose();
      }
      expect(new Set(boxes.slice(0, MAX_BOX_SESSIONS)).size).toBe(1);
      expect(boxes[MAX_BOX_SESSIONS]).not.toBe(boxes[0]);
    } finally {
      await pool.close();
    }
  });
});
