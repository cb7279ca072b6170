/**
 * Attacks a contestant would try on the sandbox, beyond the advisory classes of attacks.test.ts:
 * the ones that got through once (each named by what it broke) and the important classes that
 * were already contained. Every backend is attacked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoxSession } from '../../../src/sandbox/session.js';
import type { RunLimits } from '../../../src/sandbox/types.js';
import { BACKENDS, boxSession } from './backends.js';

const limits: RunLimits = { cpuTimeMs: 1000, wallTimeMs: 2000, memoryMb: 128, outputKb: 64 };

describe.each(BACKENDS)('$name sandbox red team', ({ make }) => {
  let session: BoxSession;
  const py = (code: string, extra: Partial<RunLimits> = {}) =>
    session.run({ argv: ['/usr/bin/python3', '-c', code], limits: { ...limits, ...extra } });
  const sh = (script: string, extra: Partial<RunLimits> = {}) =>
    session.run({ argv: ['/bin/sh', '-c', script], limits: { ...limits, ...extra } });

  beforeAll(async () => {
    session = await boxSession(make(), { maxMemoryMb: 512 });
    await session.writeFiles([{ path: 'x', content: '' }]);
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
    expect(session.cgroup.memoryUsageBytes()).toBeLessThan(64 * 1024 * 1024);
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
      // a wall limit far off, so that only CPU time can end it, however busy the machine is
      { wallTimeMs: 20_000 },
    );
    expect(threads.status).toBe('cpu-time-limit');
    const detached = await sh('setsid sh -c "(while :; do :; done) &" ; sleep 30', { wallTimeMs: 20_000 });
    expect(detached.status).toBe('cpu-time-limit');
    expect(detached.cpuMs).toBeGreaterThanOrEqual(limits.cpuTimeMs);
  });

  it('ends a program that stops itself at the wall limit; it cannot stop the run\'s init', async () => {
    const stopped = await sh('echo x; kill -STOP $$');
    expect(stopped.status).toBe('wall-time-limit');
    const tstp = await sh('kill -TSTP $PPID 2>/dev/null; kill -STOP 1 2>/dev/null; echo still-here');
    expect(tstp.stdout.toString()).toBe('still-here\n');
    expect((await sh('echo alive')).stdout.toString()).toBe('alive\n');
  });

  it('reports exit codes above 128 and self-inflicted signals as the program made them', async () => {
    const signaled = await py('import os, signal\nos.kill(os.getpid(), signal.SIGXCPU)');
    expect(signaled.status).toBe('signaled');
    expect(signaled.signal).toBe('SIGXCPU');
    const high = await sh('exit 137');
    expect(high).toMatchObject({ status: 'exited', exitCode: 137, signal: null });
  });

  it('keeps a stderr flood out of the judge memory, and keeps its head and tail within the cap', async () => {
    const before = process.memoryUsage().rss;
    // Standard error is a file capped at the file size limit: the flood ends at a time limit, or
    // as the program's own failure when its write is refused.
    const flood = await py('import os\nos.write(2, b"first line\\n")\nb = b"e" * (1 << 20)\nwhile True: os.write(2, b)');
    expect(['cpu-time-limit', 'wall-time-limit', 'exited']).toContain(flood.status);
    expect(Buffer.byteLength(flood.stderr)).toBeLessThanOrEqual(64 * 1024);
    expect(flood.stderr.startsWith('first line\n')).toBe(true);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('denies namespaces, mounts, keyrings, BPF, perf, userfaultfd, io_uring, ptrace, raw and vsock sockets and setuid binaries', async () => {
    const run = await py(
      'import ctypes, socket, subprocess\nlibc = ctypes.CDLL(None, use_errno=True)\n' +
        'print("unshare", libc.unshare(0x10000000))\n' + // CLONE_NEWUSER
        'print("mount", libc.mount(b"none", b"/tmp", b"tmpfs", 0, None))\n' +
        'print("add_key", libc.syscall(248, b"user", b"k", b"v", 1, -3))\n' +
        'print("ptrace init", libc.ptrace(16, 1, 0, 0))\n' +
        'print("bpf", libc.syscall(321, 0, 0, 0), "perf", libc.syscall(298, 0, 0, -1, -1, 0), "userfaultfd", libc.syscall(323, 0))\n' +
        'print("io_uring", libc.syscall(425, 1, 0), "clone newuser", libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0))\n' +
        'for family, kind in ((socket.AF_INET, socket.SOCK_RAW), (socket.AF_PACKET, socket.SOCK_RAW), (socket.AF_VSOCK, socket.SOCK_STREAM)):\n' +
        '    try: socket.socket(family, kind, 1); print("socket", family, "opened")\n' +
        '    except OSError: pass\n' +
        'print("interfaces", open("/proc/net/dev").read().count(":"))\n' +
        'print("su", subprocess.run(["/bin/su", "-c", "id -u", "root"], capture_output=True, stdin=subprocess.DEVNULL).stdout)',
    );
    expect(run.stdout.toString()).toBe('unshare -1\nmount -1\nadd_key -1\nptrace init -1\nbpf -1 perf -1 userfaultfd -1\nio_uring -1 clone newuser -1\ninterfaces 1\nsu b\'\'\n');
  });
});
