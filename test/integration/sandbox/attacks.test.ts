/**
 * The sandbox holds against hostile programs (SPEC §5): each test is an attack class seen in
 * other judges' advisories, run for real against every backend.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cgroup } from '../../../src/sandbox/cgroup.js';
import { DockerBackend, SANDBOX_LABEL } from '../../../src/sandbox/docker/backend.js';
import { BOX_ASSETS_DIR, hostAssetsDir } from '../../../src/sandbox/assets.js';
import { CGROUP_PARENT, NativeBackend } from '../../../src/sandbox/native/backend.js';
import { runnerBinary } from '../../../src/sandbox/runner/binary.js';
import { RunnerProcess } from '../../../src/sandbox/runner/process.js';
import type { BoxSession } from '../../../src/sandbox/session.js';
import { hiddenHostPaths } from '../../../src/sandbox/toolchains.js';
import type { RunLimits } from '../../../src/sandbox/types.js';
import { BIN, ensureBuilt, ROOT } from '../server/helpers.js';
import { BACKENDS, boxSession } from './backends.js';

const limits: RunLimits = { cpuTimeMs: 2000, wallTimeMs: 4000, memoryMb: 128, outputKb: 1024 };

/** Every command line on the host (as ps would list them). */
function hostCommandLines(): string {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        return '';
      }
    })
    .join('\n');
}

/**
 * Opens the judge's terminal and types into it (TIOCSTI: a command typed into the user's shell),
 * then makes a terminal of its own its controlling terminal and types into that, which the kernel
 * allows a process on its own terminal: only the seccomp filter stops it.
 */
const TERMINAL_ATTACK = `#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
  int tty = open("/dev/tty", O_RDWR | O_NOCTTY);
  printf("judge's terminal: %s\\n", tty < 0 ? strerror(errno) : "opened");
  if (tty >= 0) { char c = '#'; printf("typing into it: %s\\n", ioctl(tty, TIOCSTI, &c) == 0 ? "typed" : strerror(errno)); }
  fflush(stdout);
  /* a terminal of its own, made its controlling terminal: TIOCSTI the kernel would allow */
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) { printf("own terminal: %s\\n", strerror(errno)); return 0; }
  pid_t child = fork();
  if (child == 0) {
    setsid();
    int pty = open(ptsname(master), O_RDWR);
    char c = '#';
    printf("typing into its own: %s\\n", pty >= 0 && ioctl(pty, TIOCSTI, &c) == 0 ? "typed" : strerror(errno));
    return 0;
  }
  waitpid(child, NULL, 0);
  return 0;
}
`;

describe.each(BACKENDS)('$name sandbox against hostile programs', ({ make }) => {
  let session: BoxSession;
  let scratch: string;
  const py = (code: string, extra: Partial<RunLimits> = {}) => session.run({ argv: ['/usr/bin/python3', '-c', code], limits: { ...limits, ...extra } });
  const sh = (script: string, extra: Partial<RunLimits> = {}) => session.run({ argv: ['/bin/sh', '-c', script], limits: { ...limits, ...extra } });

  beforeAll(async () => {
    session = await boxSession(make(), { maxMemoryMb: 512 });
    scratch = mkdtempSync(join(tmpdir(), 'sonocode-attack-'));
    await session.writeFiles([{ path: 'hello.txt', content: 'hi' }]);
  });
  afterAll(async () => {
    await session?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('contains a fork bomb: the run ends, no process survives, the next run works', async () => {
    const bomb = await py('import os\nwhile True:\n    try: os.fork()\n    except OSError: pass', { cpuTimeMs: 1000, wallTimeMs: 3000 });
    expect(['cpu-time-limit', 'wall-time-limit']).toContain(bomb.status);
    expect(session.leftoverProcesses()).toEqual([]);
    const after = await sh('echo alive');
    expect(after.stdout.toString()).toBe('alive\n');
  });

  it('stops a memory bomb at the limit of the whole run, also when spread over many processes', async () => {
    const single = await py('a = []\nwhile True: a.append(bytearray(16 << 20))');
    expect(single.status).toBe('memory-limit');
    const many = await py(
      'import os\nfor i in range(8):\n    if os.fork() == 0:\n        a = bytearray(40 << 20)\n        a[::4096] = b"x" * len(a[::4096])\n        import time; time.sleep(3)\n        os._exit(0)\nos.wait(); os.wait()',
    );
    expect(many.status).toBe('memory-limit');
    expect(session.leftoverProcesses()).toEqual([]);
  });

  it('has no network: a connection to a server on the host loopback fails', async () => {
    let accepted = 0;
    const server: Server = createServer((socket) => {
      accepted++;
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const run = await py(`import socket\ntry:\n    socket.create_connection(("127.0.0.1", ${port}), timeout=2); print("connected")\nexcept OSError as e: print("refused", e)`);
      expect(run.stdout.toString()).toMatch(/^refused/);
      expect(accepted).toBe(0);
    } finally {
      server.close();
    }
  });

  it('cannot read world-readable host files outside the toolchain folders', async () => {
    const secret = join(scratch, 'host-secret.txt');
    writeFileSync(secret, 'top secret', { mode: 0o644 });
    const run = await sh(`cat /etc/passwd ${secret} /root/.bashrc /work 2>&1; ls / | tr '\\n' ' '`);
    expect(run.stdout.toString()).not.toContain('top secret');
    expect(run.stdout.toString()).not.toContain('root:x:0');
    expect(run.stdout.toString()).toContain('No such file');
  });

  it("sees none of the machine's own installations and settings under the toolchains (npm's global packages, /usr/local/etc)", async () => {
    // a file a machine keeps there (npm's npmrc, with a registry token), planted for the test
    mkdirSync('/usr/local/etc', { recursive: true });
    const npmrc = `/usr/local/etc/sonocode-test-npmrc-${process.pid}`;
    writeFileSync(npmrc, '//registry/:_authToken=SECRET-TOKEN\n', { mode: 0o644 });
    try {
      const hidden = hiddenHostPaths();
      expect(hidden).toContain('/usr/local/etc');
      const run = await sh(`for d in ${hidden.join(' ')}; do echo "$d:[$(ls -A $d)]"; done; cat ${npmrc} 2>&1`);
      expect(run.stdout.toString()).not.toContain('SECRET-TOKEN');
      expect(run.stdout.toString()).toContain(hidden.map((path) => `${path}:[]`).join('\n'));
      // the toolchains are all there
      const tools = await sh('/usr/bin/gcc --version >/dev/null && /usr/bin/node -e "" && /usr/bin/python3 -c "" && echo ok');
      expect(tools.stdout.toString()).toBe('ok\n');
    } finally {
      rmSync(npmrc, { force: true });
    }
  });

  it('cannot write outside its size-capped scratch space', async () => {
    const run = await sh('for p in /usr/x /x /etc/x /bin/x /sealed/x; do echo x > $p 2>/dev/null && echo "wrote $p"; done; echo done');
    expect(run.stdout.toString()).toBe('done\n');
    const big = await sh('head -c 400000000 /dev/zero > /tmp/big; echo $?', { memoryMb: 512 });
    expect(big.stdout.toString()).not.toBe('0\n');
    await sh('rm -f /tmp/big');
  });

  it('kills a background process that outlives the program, without waiting for it', async () => {
    const marker = `sonocode-bg-${process.pid}`;
    const run = await sh(`/usr/bin/python3 -c "import time; time.sleep(60)" ${marker} & sleep 0.2; echo started`);
    expect(run.status).toBe('exited');
    expect(run.stdout.toString()).toBe('started\n');
    // Ended by the program's exit, not by the wall limit the 60 s child would have run into.
    expect(run.wallMs).toBeLessThan(limits.wallTimeMs);
    expect(session.leftoverProcesses()).toEqual([]);
    expect(hostCommandLines()).not.toContain(marker);
  });

  it('ends a program whose background child holds stdout open after the program exits', async () => {
    const run = await sh('(sleep 30; echo late) & echo early');
    expect(run.status).toBe('exited'); // not wall-time-limit: the run did not wait for the child
    expect(run.stdout.toString()).toBe('early\n');
  });

  it('counts CPU time burnt in children the program never waits for', async () => {
    const run = await sh('(while :; do :; done) & (while :; do :; done) & sleep 5', { cpuTimeMs: 600, wallTimeMs: 6000 });
    expect(run.status).toBe('cpu-time-limit');
    expect(run.cpuMs).toBeGreaterThanOrEqual(600);
  });

  it('kills a program that ignores SIGTERM', async () => {
    const run = await py('import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: pass', { cpuTimeMs: 500 });
    expect(run.status).toBe('cpu-time-limit');
    expect(session.leftoverProcesses()).toEqual([]);
  });

  it("keeps the program from the judge's terminal and from typing into any terminal (TIOCSTI)", () => {
    ensureBuilt();
    writeFileSync(join(scratch, 'tty.c'), TERMINAL_ATTACK);
    writeFileSync(join(scratch, 'in.txt'), '1 2\n');
    // the judge run from a terminal, as in a user's shell: script(1) gives it one
    const command = [process.execPath, BIN, 'run', join(ROOT, 'problems/a-plus-b'), join(scratch, 'tty.c'), '--sandbox', make().name, '--input', join(scratch, 'in.txt'), '--json'];
    const shown = execFileSync('script', ['-qec', command.join(' '), '/dev/null'], { encoding: 'utf8' });
    const { stdout } = JSON.parse(shown.slice(shown.indexOf('{'))) as { stdout: string };
    expect(stdout).toBe("judge's terminal: No such device or address\ntyping into its own: Operation not permitted\n");
  });

  it('gives the program no inherited file descriptors beyond stdin, stdout and stderr', async () => {
    const run = await sh('ls /proc/self/fd | sort -n | tr "\\n" " "');
    // 0, 1, 2 and the fd ls itself opens to read the directory
    expect(run.stdout.toString().trim().split(' ').map(Number).filter((fd) => fd > 3)).toEqual([]);
  });

  it('keeps an output flood out of the judge memory and reports the limit', async () => {
    const before = process.memoryUsage().rss;
    const run = await py('import sys\nwhile True: sys.stdout.write("y" * 65536)', { outputKb: 1024 });
    expect(run.status).toBe('output-limit');
    expect(run.stdout.length).toBe(1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('runs as an unprivileged user with no capabilities, no new privileges and a seccomp filter', async () => {
    const run = await sh('id -u; grep -E "^(CapEff|CapPrm|NoNewPrivs|Seccomp):" /proc/self/status');
    const text = run.stdout.toString();
    expect(text).toMatch(/^65534\n/);
    expect(text).toMatch(/CapEff:\s+0000000000000000/);
    expect(text).toMatch(/CapPrm:\s+0000000000000000/);
    expect(text).toMatch(/NoNewPrivs:\s+1/);
    expect(text).toMatch(/Seccomp:\s+2/);
  });

  it('runs with the normal scheduling policy and priority, though its init and the runner are real-time', async () => {
    const run = await py('import os\nprint(os.sched_getscheduler(0) == os.SCHED_OTHER, os.getpriority(os.PRIO_PROCESS, 0))');
    expect(run.stdout.toString()).toBe('True 0\n');
    // nor can it raise its own
    const raise = await py('import os\ntry:\n    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))\n    print("raised")\nexcept PermissionError:\n    print("refused")');
    expect(raise.stdout.toString()).toBe('refused\n');
  });

  it('keeps a symlink the program planted from redirecting the judge', async () => {
    const hostFile = join(scratch, 'host-target.txt');
    writeFileSync(hostFile, 'original');
    // The program plants links where the judge writes next; the judge writes inside the box.
    await sh(`ln -sf ${hostFile} /box/input.txt; ln -sf /usr/bin/python3 /box/main.py`);
    await session.writeFiles([{ path: 'input.txt', content: 'overwritten' }, { path: 'main.py', content: 'print(1)' }]);
    expect(readFileSync(hostFile, 'utf8')).toBe('original');
    expect(readFileSync('/usr/bin/python3').length).toBeGreaterThan(1000);
  });

  it('keeps links planted in the scratch space from redirecting the wipe between tests', async () => {
    const hostDir = mkdtempSync(join(scratch, 'keep-'));
    writeFileSync(join(hostDir, 'precious'), 'still here');
    const sealed = await boxSession(make(), { maxMemoryMb: 128 });
    try {
      await sealed.writeFiles([{ path: 'main.sh', content: 'true' }]);
      await sealed.seal();
      await sealed.run({ argv: ['/bin/sh', '-c', `ln -s ${hostDir} /box/out; ln -s /sealed /tmp/sealed; ln -s /usr /box/usr`], limits });
      const next = await sealed.run({ argv: ['/bin/sh', '-c', 'echo "[$(ls -A /box)][$(ls -A /tmp)]"; cat /sealed/main.sh'], limits });
      expect(next.stdout.toString()).toBe('[][]\ntrue');
      expect(readFileSync(join(hostDir, 'precious'), 'utf8')).toBe('still here');
      expect(readFileSync('/usr/bin/python3').length).toBeGreaterThan(1000);
    } finally {
      await sealed.dispose();
    }
  });
});

describe.each(BACKENDS)('$name sandbox: the wipe between tests', ({ make }) => {
  it('empties folders nested deeper than any path reaches (PATH_MAX), with files and links at every level', async () => {
    const sealed = await boxSession(make(), { maxMemoryMb: 128 });
    try {
      await sealed.writeFiles([{ path: 'main.sh', content: 'true' }]);
      await sealed.seal();
      // 300 folders of 199 characters: a path of 60 000 characters, 15 times PATH_MAX
      const nest = [
        'import os',
        'for root in ("/tmp", "/box"):',
        '    os.chdir(root)',
        '    for level in range(300):',
        '        name = chr(97 + level % 26) * 199',
        '        os.mkdir(name)',
        '        open(f"file-{level}", "w").write("x")',
        '        os.symlink("/usr", f"link-{level}")',
        '        os.chdir(name)',
        'print(len(os.getcwd()))',
      ].join('\n');
      const made = await sealed.run({ argv: ['/usr/bin/python3', '-c', nest], limits });
      expect(made.status).toBe('exited');
      expect(Number(made.stdout.toString())).toBeGreaterThan(4096 * 10);
      const next = await sealed.run({ argv: ['/bin/sh', '-c', 'echo "[$(ls -A /box)][$(ls -A /tmp)]"'], limits });
      expect(next.status).toBe('exited');
      expect(next.stdout.toString()).toBe('[][]\n');
      expect(readFileSync('/usr/bin/python3').length).toBeGreaterThan(1000);
    } finally {
      await sealed.dispose();
    }
  });
});

describe.each(BACKENDS)('$name sandbox: the judge is out of the program\'s reach', ({ make }) => {
  let session: BoxSession;
  const sh = (script: string) => session.run({ argv: ['/bin/sh', '-c', script], limits });

  beforeAll(async () => {
    session = await boxSession(make(), { maxMemoryMb: 256 });
  });
  afterAll(async () => {
    await session?.dispose();
  });

  it('sees only its own run in /proc: its processes and the run\'s init', async () => {
    const run = await sh('sleep 0.3 & ls /proc | grep -E "^[0-9]+$" | sort -n | tr "\\n" " "; echo; cat /proc/1/comm; ps -e -o pid= | wc -l');
    const [pids, initName, count] = run.stdout.toString().split('\n');
    // 1 is the run's init; the shell is 2; then sleep, ls, grep, sort, tr (their numbers vary).
    expect(pids.trim().split(' ').map(Number)[0]).toBe(1);
    expect(pids.trim().split(' ').map(Number)).not.toContain(session.runnerPid);
    expect(pids.trim().split(' ').every((pid) => Number(pid) < 64)).toBe(true);
    expect(initName).toBe('sonocode-init');
    expect(Number(count)).toBeLessThan(10);
  });

  it('can signal none of the judge\'s processes: kill -9 -1 and kill 1 change nothing', async () => {
    const run = await sh('kill -9 1 2>&1; kill -STOP 1 2>&1; kill -9 -1; echo survived');
    expect(run.status).toBe('exited');
    expect(run.stdout.toString()).toContain('survived');
    expect(run.stdout.toString()).toMatch(/Operation not permitted/);
    process.kill(session.runnerPid, 0); // the runner lives
    expect((await sh('echo next')).stdout.toString()).toBe('next\n');
  });

  it('cannot open the run\'s init through /proc, nor trace it', async () => {
    const run = await session.run({
      argv: ['/usr/bin/python3', '-c', 'import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nfor f in ("fd", "environ", "mem", "root/"):\n    try: open(f"/proc/1/{f}").read(1); print(f, "open")\n    except OSError as e: print(f, e.errno)\nprint("ptrace", libc.ptrace(16, 1, 0, 0), ctypes.get_errno())'],
      limits,
    });
    expect(run.stdout.toString()).toBe('fd 13\nenviron 13\nmem 13\nroot/ 13\nptrace -1 1\n');
  });

  it('reads the runner\'s command line as a bare name, with no host path in it', async () => {
    const run = await sh('tr "\\0" " " < /proc/1/cmdline');
    expect(run.stdout.toString().trim()).toBe('sonocode-runner');
  });
});

describe('docker sandbox lifecycle', () => {
  const backend = new DockerBackend();
  const containers = () => execFileSync('docker', ['ps', '-aq', '--filter', `label=${SANDBOX_LABEL}`], { encoding: 'utf8' });

  it('removes the container on dispose and reaps containers a crashed judge left', async () => {
    const own = await boxSession(backend, { maxMemoryMb: 128 });
    const id = own.description.replace('container ', '');
    expect(containers()).toContain(id);
    await own.dispose();
    expect(containers()).not.toContain(id);

    // A judge that dies without disposing: a child process prepares a session and is SIGKILLed.
    const orphan = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import('${join(process.cwd(), 'src/sandbox/docker/backend.ts')}').then(async ({ DockerBackend }) => { const s = await new DockerBackend().prepare({ maxMemoryMb: 64 }); console.log(s.description); process.kill(process.pid, 'SIGKILL'); })`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).stdout.trim();
    expect(orphan).toMatch(/^container [0-9a-f]{12}$/);
    const orphanId = orphan.replace('container ', '');
    expect(containers()).toContain(orphanId);
    expect(await backend.reap()).toBeGreaterThanOrEqual(1);
    expect(containers()).not.toContain(orphanId);
  });
});

describe('native sandbox lifecycle', () => {
  const bubblewrapPid = (session: BoxSession) => Number(session.description.replace('bubblewrap ', ''));
  const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  const ownCgroups = (pid: number) => Cgroup.children(CGROUP_PARENT).filter((name) => name.startsWith(`${hostname()}-${pid}-`));
  const ownFolders = (pid: number) => readdirSync(tmpdir()).filter((name) => name.startsWith(`sonocode-box-${hostname()}-${pid}-`));

  it('ends bubblewrap, the box and its cgroup on dispose', async () => {
    const session = await boxSession(new NativeBackend(), { maxMemoryMb: 128 });
    const pid = bubblewrapPid(session);
    expect(session.description).toMatch(/^bubblewrap \d+$/);
    expect(alive(pid)).toBe(true);
    expect(ownCgroups(process.pid).length).toBeGreaterThan(0);
    await session.dispose();
    expect(alive(pid)).toBe(false);
    expect(ownCgroups(process.pid)).toEqual([]);
  });

  it('ends the box with a judge that dies without disposing, and reaps its cgroup', async () => {
    const orphan = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import('${join(process.cwd(), 'src/sandbox/native/backend.ts')}').then(async ({ NativeBackend }) => { const s = await new NativeBackend().prepare({ maxMemoryMb: 64 }); console.log(process.pid, s.description); process.kill(process.pid, 'SIGKILL'); })`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).stdout.trim();
    const [judgePid, description] = [Number(orphan.split(' ')[0]), orphan.slice(orphan.indexOf(' ') + 1)];
    expect(description).toMatch(/^bubblewrap \d+$/);
    const pid = Number(description.replace('bubblewrap ', ''));
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alive(pid)).toBe(false);
    expect(ownCgroups(judgePid).length).toBe(1);
    expect(await new NativeBackend().reap()).toBeGreaterThanOrEqual(1);
    expect(ownCgroups(judgePid)).toEqual([]);
    expect(ownFolders(judgePid)).toEqual([]); // its session folder and its runners' socket folder
  });

  it('ends a box whose runner was killed while it was being made (reap), leaving no namespace behind', async () => {
    const isOurBox = (pid: string) => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').includes('(bwrap)') && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(hostAssetsDir());
      } catch {
        return false;
      }
    };
    const boxes = () => readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && isOurBox(pid));
    const before = new Set(boxes());
    const binary = await runnerBinary();
    // killed at every moment of making a box, some after bubblewrap started and before its init could tie itself to it
    for (let round = 0; round < 40; round++) {
      const runner = await RunnerProcess.launch(binary);
      const making = runner
        .makeBubblewrapBox(['/usr/bin/bwrap', '--unshare-pid', '--die-with-parent', '--ro-bind', '/', '/', '--ro-bind', hostAssetsDir(), BOX_ASSETS_DIR, '--info-fd', '3', '--', '/usr/bin/sleep', 'infinity'])
        .catch(() => {});
      const until = performance.now() + (round % 8) * 0.25;
      while (performance.now() < until) {
        // wait a fraction of a millisecond, more each round
      }
      try {
        process.kill(runner.pid, 'SIGKILL');
      } catch {
        // it ended already (bubblewrap failed): nothing to kill
      }
      await making;
    }
    await new NativeBackend().reap();
    for (let i = 0; i < 50 && boxes().some((pid) => !before.has(pid)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(boxes().filter((pid) => !before.has(pid))).toEqual([]);
  });

  it('leaves no folder behind when the judge ends normally', async () => {
    const ended = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import('${join(process.cwd(), 'src/sandbox/native/backend.ts')}').then(async ({ NativeBackend }) => { const s = await new NativeBackend().prepare({ maxMemoryMb: 64 }); await s.run({ argv: ['/bin/true'], limits: { cpuTimeMs: 1000, wallTimeMs: 2000, memoryMb: 64, outputKb: 64 } }); await s.dispose(); console.log(process.pid); })`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const judgePid = Number(ended.stdout.trim());
    expect(ended.status).toBe(0);
    expect(ownFolders(judgePid)).toEqual([]);
    expect(ownCgroups(judgePid)).toEqual([]);
  });

  it('says what bubblewrap said when it cannot make the box, and leaves no cgroup behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonocode-fake-bwrap-'));
    const fake = join(dir, 'bwrap');
    writeFileSync(fake, '#!/bin/sh\necho "bwrap: Creating new namespace failed: Operation not permitted" >&2\nexit 1\n', { mode: 0o755 });
    try {
      await expect(new NativeBackend({ bwrapPath: fake }).prepare({ maxMemoryMb: 64 })).rejects.toThrow(
        /could not make the sandbox: bubblewrap ended: bwrap: Creating new namespace failed: Operation not permitted$/,
      );
      expect(ownCgroups(process.pid)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
