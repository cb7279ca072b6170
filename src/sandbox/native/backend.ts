/**
 * The native backend: the box is made by bubblewrap (Debian's `bubblewrap`, a well-kept sandbox)
 * — new mount, IPC, UTS, network, PID and cgroup namespaces, the toolchains read-only, size-capped
 * tmpfs scratch folders, a read-only root, no network — and its cgroup is made by the judge on the
 * host (v1 or v2) for the CPU time, memory and process limits. Programs are started in it by the
 * same runner, in the same way, as in a Docker container (../session.ts): only making the box
 * differs. A box costs a bubblewrap start (~5 ms), not a container's life cycle.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostname } from 'node:os';
import { BOX_ASSETS_DIR, hostAssetsDir } from '../assets.js';
import { Cgroup } from '../cgroup.js';
import { SandboxError } from '../errors.js';
import { processAlive, reapSessionFolders } from '../host-files.js';
import { runnerBinary } from '../runner/binary.js';
import { assertPositiveSizes, BoxSession, SEALED_DIR, startBoxRunner, WORK_DIR, type Box } from '../session.js';
import { hiddenHostPaths, toolchainMounts } from '../toolchains.js';
import type { PrepareOptions, SandboxBackend, SandboxSession } from '../types.js';

/** Where the native backend's cgroups live: `<controller>/sonocode/<host>-<pid>-<n>` (v1), `sonocode/…` (v2). */
export const CGROUP_PARENT = 'sonocode';
const BWRAP_PATHS = ['/usr/bin/bwrap', '/bin/bwrap', '/usr/local/bin/bwrap'];
const MIB = 1024 * 1024;

export interface NativeBackendOptions {
  /** The bubblewrap binary. @defaultValue the first of /usr/bin/bwrap, /usr/local/bin/bwrap */
  bwrapPath?: string;
  /** Host paths shown read-only in every box, beside the toolchain folders. */
  extraMounts?: string[];
  /** CPUs a session may use (CPU quota). @defaultValue 1 */
  cpus?: number;
}

let boxes = 0;

export class NativeBackend implements SandboxBackend {
  readonly name = 'native';
  private readonly bwrapPath: string | undefined;
  private readonly extraMounts: string[];
  private readonly cpus: number;

  constructor(options: NativeBackendOptions = {}) {
    this.bwrapPath = options.bwrapPath ?? BWRAP_PATHS.find((path) => existsSync(path));
    this.extraMounts = options.extraMounts ?? [];
    this.cpus = options.cpus ?? 1;
  }

  /**
   * Says why this backend cannot run here, exactly and with the fix, or nothing when it can.
   * @throws SandboxError SANDBOX_UNAVAILABLE (bubblewrap missing, cgroups unusable) or SANDBOX_PERMISSION (not root)
   */
  async check(): Promise<void> {
    if (!this.bwrapPath) {
      throw new SandboxError('SANDBOX_UNAVAILABLE', 'bubblewrap (bwrap) is not installed', { hint: 'install it: apt-get install -y bubblewrap' });
    }
    if (process.getuid?.() !== 0) {
      throw new SandboxError('SANDBOX_PERMISSION', 'the native sandbox needs root (it makes namespaces and cgroups for each box)', {
        hint: 'run sonocode as root, or use --sandbox docker',
      });
    }
    const version = Cgroup.hostVersion();
    if (version === null) {
      throw new SandboxError('SANDBOX_UNAVAILABLE', 'no usable cgroup hierarchy under /sys/fs/cgroup (the memory, cpu, cpuacct and pids controllers of v1, or v2)', {
        hint: 'mount the cgroup controllers (cgroup v2: mount -t cgroup2 none /sys/fs/cgroup), or use --sandbox docker',
      });
    }
    const probe = version === 2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/memory';
    try {
      accessSync(probe, constants.W_OK);
    } catch {
      throw new SandboxError('SANDBOX_UNAVAILABLE', `the cgroup hierarchy at ${probe} is read-only here`, {
        hint: 'run sonocode where /sys/fs/cgroup is writable (on the host, or a container with its own cgroup namespace), or use --sandbox docker',
      });
    }
    const trial = spawnSync(this.bwrapPath, ['--unshare-all', '--ro-bind', '/', '/', '--', '/bin/true'], { encoding: 'utf8', timeout: 10_000 });
    if (trial.status !== 0) {
      throw new SandboxError('SANDBOX_UNAVAILABLE', `bubblewrap cannot make namespaces here: ${(trial.stderr || trial.error?.message || '').trim()}`, {
        hint: 'the kernel must allow new namespaces for root (no seccomp or LSM blocking them), or use --sandbox docker',
      });
    }
  }

  async prepare(options: PrepareOptions): Promise<SandboxSession> {
    assertPositiveSizes('prepare', { maxMemoryMb: options.maxMemoryMb, processLimit: options.processLimit, scratchMb: options.scratchMb, fileSizeMb: options.fileSizeMb });
    if (!this.bwrapPath) await this.check();
    const runnerPath = await runnerBinary();
    const memoryBytes = options.maxMemoryMb * MIB;
    const scratchBytes = (options.scratchMb ?? 256) * MIB;
    const name = `${hostname()}-${process.pid}-${boxes++}`;
    let cgroup: Cgroup;
    try {
      cgroup = Cgroup.create(CGROUP_PARENT, name, { processLimit: options.processLimit ?? 64, cpus: this.cpus });
      cgroup.setMemoryLimit(memoryBytes);
    } catch (error) {
      throw new SandboxError('SANDBOX_FAILED', `could not make the sandbox's cgroup: ${(error as Error).message}`, {
        hint: 'run `sonocode doctor` to see what is wrong',
        cause: error,
      });
    }
    const bubblewrap = spawn(this.bwrapPath!, this.bwrapArgs(scratchBytes), { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    bubblewrap.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2048)));
    const box: Box = {
      description: `bubblewrap ${bubblewrap.pid ?? '?'}`,
      cgroup,
      holderPids: () => [],
      gone: () => bubblewrap.exitCode !== null || bubblewrap.signalCode !== null,
      release: async () => {
        await stop(bubblewrap);
        await cgroup.remove();
      },
    };
    try {
      const runner = await startBoxRunner(runnerPath, await holderPid(bubblewrap, () => stderr), cgroup);
      await runner.prepareBox([WORK_DIR]);
      return new BoxSession({ box, runner, fileSizeBytes: (options.fileSizeMb ?? 64) * MIB, memoryLimitBytes: memoryBytes });
    } catch (error) {
      await box.release().catch(() => {});
      throw error;
    }
  }

  /** Removes the cgroups and session folders of judges on this host that are no longer running. */
  async reap(): Promise<number> {
    const own = `${hostname()}-`;
    let removed = reapSessionFolders(processAlive);
    for (const name of Cgroup.children(CGROUP_PARENT)) {
      if (!name.startsWith(own)) continue;
      const pid = Number(name.slice(own.length).split('-')[0]);
      if (!Number.isInteger(pid) || processAlive(pid)) continue;
      await Cgroup.existing(CGROUP_PARENT, name)?.remove();
      removed++;
    }
    return removed;
  }

  private bwrapArgs(scratchBytes: number): string[] {
    const args = [
      '--unshare-ipc',
      '--unshare-pid',
      '--unshare-net',
      '--unshare-uts',
      '--unshare-cgroup-try',
      '--hostname',
      'sonocode',
      '--die-with-parent',
      '--new-session',
      '--cap-drop',
      'ALL',
    ];
    // Folders bubblewrap makes for mount points are private to root unless made first.
    args.push('--perms', '0755', '--dir', '/etc');
    for (const mount of toolchainMounts(this.extraMounts, { keepLinks: true })) {
      if (mount.kind === 'link') args.push('--symlink', mount.linkTo, mount.target);
      else args.push('--ro-bind', mount.source, mount.target);
    }
    for (const hidden of hiddenHostPaths()) args.push('--perms', '0555', '--size', '4096', '--tmpfs', hidden, '--remount-ro', hidden);
    args.push('--ro-bind', hostAssetsDir(), BOX_ASSETS_DIR);
    args.push('--proc', '/proc', '--dev', '/dev');
    args.push('--perms', '0755', '--size', String(scratchBytes), '--tmpfs', WORK_DIR);
    args.push('--perms', '1777', '--size', String(Math.min(scratchBytes, 64 * MIB)), '--tmpfs', '/tmp');
    args.push('--perms', '0755', '--size', String(scratchBytes), '--tmpfs', SEALED_DIR);
    args.push('--remount-ro', '/', '--chdir', '/', '--info-fd', '3', '--', '/usr/bin/sleep', 'infinity');
    return args;
  }
}

/**
 * The host pid of the box's holder (`sleep infinity`), once it runs: its namespaces are the box's,
 * with every mount in place. (bubblewrap's `--info-fd` names its own init as soon as it exists,
 * before the mounts are made; the holder is the init's child.)
 */
async function holderPid(bubblewrap: ChildProcess, stderr: () => string): Promise<number> {
  const init = await childPid(bubblewrap, stderr);
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    if (bubblewrap.exitCode !== null || bubblewrap.signalCode !== null) break;
    for (const pid of childrenOf(init)) {
      if (readText(`/proc/${pid}/comm`).trim() === 'sleep') return pid;
    }
    await sleep(1);
  }
  throw new SandboxError('SANDBOX_FAILED', `bubblewrap did not start the sandbox${stderr().trim() ? `: ${stderr().trim()}` : ''}`);
}

function childrenOf(pid: number): number[] {
  return readText(`/proc/${pid}/task/${pid}/children`).split(' ').filter(Boolean).map(Number);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The host pid of bubblewrap's init in the box, from its `--info-fd` JSON. */
function childPid(bubblewrap: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    let info = '';
    const info3 = bubblewrap.stdio[3] as NodeJS.ReadableStream;
    const fail = (why: string) =>
      reject(new SandboxError('SANDBOX_FAILED', `bubblewrap could not make the sandbox: ${why}${stderr().trim() ? `: ${stderr().trim()}` : ''}`));
    info3.on('data', (chunk: Buffer) => {
      info += chunk.toString('utf8');
      const match = info.match(/"child-pid"\s*:\s*(\d+)/);
      if (match) resolve(Number(match[1]));
    });
    bubblewrap.once('error', (error) => fail(error.message));
    bubblewrap.once('exit', (code, signal) => fail(`it ended (${signal ?? `exit code ${code}`})`));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}
