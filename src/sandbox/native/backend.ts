/**
 * The native backend: the box is made by bubblewrap (Debian's `bubblewrap`, a well-kept sandbox)
 * — new mount, IPC, UTS, network, PID and cgroup namespaces, the toolchains read-only, size-capped
 * tmpfs scratch folders, a read-only root, no network — and its cgroup is made by the judge on the
 * host (v1 or v2) for the CPU time, memory and process limits. Programs are started in it by the
 * same runner, in the same way, as in a Docker container (../session.ts): only making the box
 * differs. The runner starts bubblewrap itself (its 'B' frame) and ends it when the session ends. A
 * box costs a bubblewrap start (~5 ms), not a container's life cycle.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { BOX_ASSETS_DIR, hostAssetsDir } from '../assets.js';
import { Cgroup } from '../cgroup.js';
import { SandboxError } from '../errors.js';
import { processAlive, reapSessionFolders, safeReaddir } from '../host-files.js';
import { runnerBinary } from '../runner/binary.js';
import { RunnerProcess, type ScratchFolder } from '../runner/process.js';
import { assertPositiveSizes, BoxSession, runnerBox, SEALED_DIR, WORK_DIR, type Box } from '../session.js';
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
    // The runner starts bubblewrap itself: a box costs the judge one process start, not two.
    const runner = await RunnerProcess.launch(runnerPath).catch(async (error: unknown) => {
      await cgroup.remove();
      throw error;
    });
    let holderPid = 0;
    let description = `bubblewrap (runner ${runner.pid})`;
    const box: Box = {
      get description() {
        return description;
      },
      cgroup,
      holderPids: () => [],
      gone: () => !runner.alive || (holderPid > 0 && !processAlive(holderPid)),
      release: async () => {
        // the runner ends bubblewrap and waits for it: nothing of the box is left after this
        await runner.closeAndWait();
        await cgroup.remove();
      },
      refresh: async () => {
        const status = await runner.freshScratch(scratchFolders(scratchBytes));
        if (status !== 0) throw new SandboxError('SANDBOX_FAILED', `could not renew the scratch folders of ${description} (wait status ${status})`);
        await runner.prepareBox([WORK_DIR]);
      },
    };
    try {
      const made = await runner.makeBubblewrapBox([this.bwrapPath!, ...this.bwrapArgs(scratchBytes)]);
      holderPid = made.holderPid;
      description = `bubblewrap ${made.bubblewrapPid}`;
      await runner.init(runnerBox(holderPid, cgroup));
      await runner.prepareBox([WORK_DIR]);
      return new BoxSession({ box, runner, fileSizeBytes: (options.fileSizeMb ?? 64) * MIB, memoryLimitBytes: memoryBytes });
    } catch (error) {
      await box.release().catch(() => {});
      throw error;
    }
  }

  /**
   * Removes the cgroups and session folders of judges on this host that are no longer running, and
   * ends boxes whose runner is gone (see killOrphanedBoxes).
   */
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
    return removed + killOrphanedBoxes();
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
    for (const folder of scratchFolders(scratchBytes)) args.push('--perms', folder.mode.toString(8).padStart(4, '0'), '--size', String(folder.bytes), '--tmpfs', folder.dir);
    args.push('--remount-ro', '/', '--chdir', '/', '--info-fd', '3', '--', '/usr/bin/sleep', 'infinity');
    return args;
  }
}

/**
 * The box's writable folders, each a tmpfs of its own: the work folder, /tmp (capped at 64 MiB),
 * the sealed program's folder (root's). Made by bubblewrap, and made again, empty, when the box
 * serves another session.
 */
function scratchFolders(scratchBytes: number): ScratchFolder[] {
  return [
    { dir: WORK_DIR, bytes: scratchBytes, mode: 0o755 },
    { dir: '/tmp', bytes: Math.min(scratchBytes, 64 * MIB), mode: 0o1777 },
    { dir: SEALED_DIR, bytes: scratchBytes, mode: 0o755 },
  ];
}

/**
 * Ends boxes whose runner is gone: bubblewrap's init in the box (the PID 1 of its namespace, whose
 * end ends everything in it) left without the bubblewrap that started it. bubblewrap sets
 * --die-with-parent in its init only after starting it, so a runner killed at that moment (a judge
 * killed while its pool made a box) leaves the init running, holding the box's namespaces and
 * mounts. A box is known as sonocode's by its assets mount. Returns how many were ended.
 */
function killOrphanedBoxes(): number {
  const marker = `\0--ro-bind\0${hostAssetsDir()}\0${BOX_ASSETS_DIR}\0`;
  let killed = 0;
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    if (!stat.includes('(bwrap)')) continue;
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (readText(`/proc/${parent}/stat`).includes('(bwrap)')) continue; // its bubblewrap is there
    if (!`\0${readText(`/proc/${name}/cmdline`)}`.includes(marker)) continue;
    // the bubblewrap outside a live box has a runner for parent: only a box's init is looked at
    if (!isBoxInit(name)) continue;
    try {
      process.kill(Number(name), 'SIGKILL');
      killed++;
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}

/** Whether a bubblewrap process is PID 1 of a PID namespace of its own (a box's init, not the bubblewrap outside). */
function isBoxInit(pid: string): boolean {
  const line = readText(`/proc/${pid}/status`).split('\n').find((entry) => entry.startsWith('NSpid:'));
  const ids = line?.split(/\s+/).slice(1).filter(Boolean) ?? [];
  return ids.length > 1 && ids[ids.length - 1] === '1';
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
