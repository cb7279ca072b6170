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

  it('gives the next submission a new network: no socket, counter or port of the last one', async () => {
    const pool = new WarmPool(new NativeBackend(), { size: 1, template: { maxMemoryMb: 256 } });
    pool.fill();
    const talk = [
      'import socket',
      'server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); server.bind(("127.0.0.1", 5000)); server.listen()',
      'client = socket.socket(); client.bind(("127.0.0.1", 40042)); client.connect(("127.0.0.1", 5000))',
      'peer, _ = server.accept(); client.close(); peer.close(); server.close()',
      'print(sum(1 for line in open("/proc/net/tcp").readlines()[1:]))',
      'try:\n    probe = socket.socket(); probe.bind(("127.0.0.1", 40042)); print("bound")\nexcept OSError as error:\n    print(error.errno)',
    ].join('\n');
    try {
      const first = await pool.prepare({ maxMemoryMb: 256 });
      const box = (first as unknown as { description: string }).description;
      // the first submission's connection stays in TIME_WAIT: its port cannot be bound again
      expect((await first.run({ argv: ['/usr/bin/python3', '-c', talk], limits })).stdout.toString()).toBe('1\n98\n');
      await first.dispose();
      const second = await pool.prepare({ maxMemoryMb: 256 });
      expect((second as unknown as { description: string }).description).toBe(box);
      const lo = await second.run({ argv: ['/bin/sh', '-c', 'grep lo: /proc/net/dev | tr -s " " | cut -d" " -f3'], limits });
      expect(lo.stdout.toString()).toBe('0\n'); // no byte of the first submission's on the loopback
      // the same exchange works again, as on a new box: the loopback is up, the port free
      expect((await second.run({ argv: ['/usr/bin/python3', '-c', talk], limits })).stdout.toString()).toBe('1\n98\n');
      await second.dispose();
    } finally {
      await pool.close();
    }
  });

  it('lets no call of a session act on the box once it is given back, even one not awaited', async () => {
    const pool = new WarmPool(new NativeBackend(), { size: 1, template: { maxMemoryMb: 256 } });
    pool.fill();
    try {
      for (let round = 0; round < 3; round++) {
        const first = await pool.prepare({ maxMemoryMb: 256 });
        const stale = first
          .run({ argv: ['/bin/sh', '-c', 'echo first > /box/planted; echo first > /tmp/planted'], stdin: { text: 'x' }, limits })
          .then(() => 'ran before the box was given back', (error: Error) => error.message);
        await first.dispose();
        const second = await pool.prepare({ maxMemoryMb: 256 });
        await stale;
        const seen = await second.run({ argv: ['/bin/sh', '-c', 'ls -A /box /tmp'], limits });
        expect(seen.stdout.toString()).toBe('/box:\n\n/tmp:\n');
        await second.dispose();
      }
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
