/**
 * Attacks a contestant would try on the Docker sandbox, beyond the advisory classes of
 * sandbox-attacks.test.ts: the ones that got through once (each named by what it broke) and the
 * important classes that were already contained. Both ways of starting programs are attacked.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerBackend } from '../../src/sandbox/docker/backend.js';
import type { RunLimits, SandboxSession } from '../../src/sandbox/types.js';

const limits: RunLimits = { cpuTimeMs: 1000, wallTimeMs: 2000, memoryMb: 128, outputKb: 64 };

describe.each([
  { mode: 'runner', useRunner: true },
  { mode: 'exec', useRunner: false },
])('Docker sandbox red team ($mode)', ({ mode, useRunner }) => {
  let session: SandboxSession;
  const py = (code: string, extra: Partial<RunLimits> = {}) =>
    session.run({ argv: ['/usr/bin/python3', '-c', code], limits: { ...limits, ...extra } });
  const sh = (script: string, extra: Partial<RunLimits> = {}) =>
    session.run({ argv: ['/bin/sh', '-c', script], limits: { ...limits, ...extra } });
  const cgroupFile = (controller: string, file: string) =>
    readFileSync(`/sys/fs/cgroup/${controller}/docker/${(session as unknown as { containerId: string }).containerId}/${file}`, 'utf8');

  beforeAll(async () => {
    session = await new DockerBackend({ useRunner }).prepare({ maxMemoryMb: 512 });
    await session.writeFiles([{ path: 'x', content: '' }]);
    expect((session as unknown as { launchMode: string }).launchMode).toBe(mode);
  });
  afterAll(async () => {
    await session?.dispose();
  });

  // Found: the runner reaped only the program, so siblings made with CLONE_PARENT (its children)
  // stayed zombies and held the container's pids; every later run of the submission could not fork.
  it('does not let CLONE_PARENT siblings exhaust the pids of later runs', async () => {
    const siblings = await py(
      'import ctypes, os\nlibc = ctypes.CDLL(None)\nmade = 0\nfor i in range(80):\n' +
        '    pid = libc.syscall(56, 0x8000 | 17, 0, 0, 0, 0)  # clone(CLONE_PARENT | SIGCHLD)\n' +
        '    if pid == 0: os._exit(0)\n    made += pid > 0\nprint(made)',
    );
    expect(siblings.status).toBe('exited');
    expect(Number(siblings.stdout.toString())).toBeGreaterThan(30);
    const after = await sh('for i in 1 2 3 4 5 6 7 8; do /bin/true & done; wait; echo forked');
    expect(after.stdout.toString()).toBe('forked\n');
  });

  // Found: System V shared memory outlived the run. Each run could leave its whole memory limit
  // behind and the next run's limit was raised on top of it: the host's memory, without bound.
  it('frees System V shared memory a run leaves and refuses persistent IPC objects', async () => {
    const leave =
      'import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nlibc.shmat.restype = ctypes.c_void_p\n' +
      'seg = libc.shmget(0, 100 << 20, 0o1600)\naddr = libc.shmat(seg, None, 0)\nctypes.memset(addr, 1, 100 << 20)\nprint(seg)';
    for (let run = 0; run < 3; run++) expect((await py(leave)).stdout.toString()).toMatch(/^\d+\n$/);
    expect(Number(cgroupFile('memory', 'memory.usage_in_bytes'))).toBeLessThan(64 * 1024 * 1024);
    const queues = await py(
      'import ctypes, os\nlibc = ctypes.CDLL(None)\nrt = ctypes.CDLL("librt.so.1")\n' +
        'print(libc.msgget(0, 0o1600), libc.semget(0, 1, 0o1600), rt.mq_open(b"/leak", os.O_CREAT | os.O_RDWR, 0o600, None))',
    );
    expect(queues.stdout.toString()).toBe('-1 -1 -1\n');
    expect((await sh('tail -n +2 /proc/sysvipc/shm | wc -l')).stdout.toString()).toBe('0\n');
  });

  // Found: memory no process owns (scratch files) filled the limit, and the kernel's OOM killer,
  // finding no large process, killed the container's idle process: the container died and the
  // submission ended in a sandbox failure instead of MLE.
  it('ends a run that fills its memory with scratch files as memory-limit, and the next run works', async () => {
    const fill = await sh('for i in 1 2 3; do head -c 60000000 /dev/zero > /box/fill$i; done; head -c 60000000 /dev/zero > /tmp/fill4');
    expect(fill.status).toBe('memory-limit');
    const after = await sh('rm -f /box/fill* /tmp/fill*; echo alive');
    expect(after.stdout.toString()).toBe('alive\n');
  });

  it('counts CPU time of threads and of detached (setsid, double-forked) processes', async () => {
    const threads = await py(
      'import threading\ndef spin():\n    while True: pass\nfor _ in range(4): threading.Thread(target=spin, daemon=True).start()\nspin()',
    );
    expect(threads.status).toBe('cpu-time-limit');
    const detached = await sh('setsid sh -c "(while :; do :; done) &" ; sleep 5', { wallTimeMs: 6000 });
    expect(detached.status).toBe('cpu-time-limit');
    expect(detached.cpuMs).toBeGreaterThanOrEqual(limits.cpuTimeMs);
  });

  it('ends a program that stops itself, or tries to stop the runner with SIGTSTP, at the wall limit', async () => {
    const stopped = await sh('echo x; kill -STOP $$');
    expect(stopped.status).toBe('wall-time-limit');
    // SIGTSTP to the runner's orphaned process group is discarded by the kernel.
    const tstp = await sh('kill -TSTP $PPID; echo still-here');
    expect(tstp.stdout.toString()).toBe('still-here\n');
    expect((await sh('echo alive')).stdout.toString()).toBe('alive\n');
  });

  it('reports exit codes above 128 and self-inflicted signals as the program made them', async () => {
    const signaled = await py('import os, signal\nos.kill(os.getpid(), signal.SIGXCPU)');
    expect(signaled.status).toBe('signaled');
    expect(signaled.signal).toBe('SIGXCPU');
    // docker exec reports a signal death as 128 + signal, so only the runner can tell them apart.
    if (mode === 'runner') {
      const high = await sh('exit 137');
      expect(high).toMatchObject({ status: 'exited', exitCode: 137, signal: null });
    }
  });

  it('keeps a stderr flood out of the judge memory and ends it at the time limits', async () => {
    const before = process.memoryUsage().rss;
    const flood = await py('import os\nb = b"e" * (1 << 20)\nwhile True: os.write(2, b)');
    expect(['cpu-time-limit', 'wall-time-limit']).toContain(flood.status);
    expect(flood.stderr.length).toBeLessThanOrEqual(64 * 1024);
    // The flood is gigabytes over the run; garbage not yet collected may add tens of MiB, a judge
    // that kept the stream would add far more than this.
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('denies namespaces, mounts, keyrings, ptrace, raw sockets and setuid binaries', async () => {
    const run = await py(
      'import ctypes, socket, subprocess\nlibc = ctypes.CDLL(None, use_errno=True)\n' +
        'print("unshare", libc.unshare(0x10000000))\n' + // CLONE_NEWUSER
        'print("mount", libc.mount(b"none", b"/tmp", b"tmpfs", 0, None))\n' +
        'print("add_key", libc.syscall(248, b"user", b"k", b"v", 1, -3))\n' +
        'print("ptrace init", libc.ptrace(16, 1, 0, 0))\n' +
        'for family, kind in ((socket.AF_INET, socket.SOCK_RAW), (socket.AF_PACKET, socket.SOCK_RAW)):\n' +
        '    try: socket.socket(family, kind, 1); print("socket", family, "opened")\n' +
        '    except OSError: pass\n' +
        'print("interfaces", open("/proc/net/dev").read().count(":"))\n' +
        'print("su", subprocess.run(["/bin/su", "-c", "id -u", "root"], capture_output=True, stdin=subprocess.DEVNULL).stdout)',
    );
    expect(run.stdout.toString()).toBe('unshare -1\nmount -1\nadd_key -1\nptrace init -1\ninterfaces 1\nsu b\'\'\n');
  });
});
