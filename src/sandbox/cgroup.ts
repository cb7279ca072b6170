/**
 * A box's cgroup, seen from the host where the judged program cannot touch it: where its folders
 * are (for the runner, which joins programs to it and reads their CPU time and memory), its memory
 * limit, and — for the native backend — creating and removing it. cgroup v1 (a hierarchy per
 * controller) and the unified v2 hierarchy are both supported.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const CGROUP_ROOT = '/sys/fs/cgroup';
/** v1 controllers a box needs: accounting, the memory and process limits, the CPU quota. */
const V1_CONTROLLERS = ['memory', 'cpuacct', 'cpu', 'pids'] as const;

export class Cgroup {
  private constructor(
    readonly version: 1 | 2,
    /** The folder with the memory controller's files. */
    readonly memoryDir: string,
    /** The folder with CPU accounting. */
    readonly cpuDir: string,
    /** Every folder a program of the box joins. */
    readonly joinDirs: readonly string[],
    private readonly pidsDir: string,
  ) {}

  /** Which cgroup version this host mounts, or null when none is usable. */
  static hostVersion(): 1 | 2 | null {
    if (existsSync(join(CGROUP_ROOT, 'cgroup.controllers'))) return 2;
    if (V1_CONTROLLERS.every((controller) => existsSync(join(CGROUP_ROOT, controller)))) return 1;
    return null;
  }

  /** The cgroup a host pid is in (a container's init), or null when this process cannot see it. */
  static ofPid(pid: number): Cgroup | null {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
    } catch {
      return null;
    }
    const dirs = new Map<string, string>();
    let unified: string | null = null;
    for (const line of text.split('\n')) {
      const [, controllers, path] = line.match(/^\d+:([^:]*):(.*)$/) ?? [];
      if (path === undefined) continue;
      if (controllers === '') {
        unified = path;
        continue;
      }
      const mount = join(CGROUP_ROOT, controllers.replace(/^name=/, ''));
      for (const controller of controllers.split(',')) dirs.set(controller, join(mount, path));
    }
    if (dirs.has('cpuacct') && dirs.has('memory') && existsSync(dirs.get('memory')!)) {
      const joins = [...new Set(dirs.values())].filter((dir) => existsSync(dir));
      return new Cgroup(1, dirs.get('memory')!, dirs.get('cpuacct')!, joins, dirs.get('pids') ?? dirs.get('memory')!);
    }
    if (unified !== null && Cgroup.hostVersion() === 2) {
      const dir = join(CGROUP_ROOT, unified);
      if (existsSync(dir)) return new Cgroup(2, dir, dir, [dir], dir);
    }
    return null;
  }

  /**
   * Creates a box's own cgroup `<parent>/<name>` (the native backend), with its process limit and a
   * CPU quota of `cpus` CPUs.
   * @throws Error when the host's cgroups cannot be written (not root, read-only mount)
   */
  static create(parent: string, name: string, limits: { processLimit: number; cpus: number }): Cgroup {
    const version = Cgroup.hostVersion();
    if (version === 2) {
      const base = join(CGROUP_ROOT, parent);
      mkdirSync(base, { recursive: true });
      // Controllers must be enabled for the children of the parent (v2 delegates them down).
      writeFileSync(join(base, 'cgroup.subtree_control'), '+memory +pids +cpu');
      const dir = join(base, name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'pids.max'), String(limits.processLimit));
      writeFileSync(join(dir, 'cpu.max'), `${Math.round(100_000 * limits.cpus)} 100000`);
      writeFileSync(join(dir, 'memory.swap.max'), '0');
      return new Cgroup(2, dir, dir, [dir], dir);
    }
    if (version === 1) {
      const dirs = Object.fromEntries(V1_CONTROLLERS.map((controller) => [controller, join(CGROUP_ROOT, controller, parent, name)]));
      for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
      writeFileSync(join(dirs.pids, 'pids.max'), String(limits.processLimit));
      writeFileSync(join(dirs.cpu, 'cpu.cfs_period_us'), '100000');
      writeFileSync(join(dirs.cpu, 'cpu.cfs_quota_us'), String(Math.round(100_000 * limits.cpus)));
      try {
        writeFileSync(join(dirs.memory, 'memory.swappiness'), '0');
      } catch {
        // not on every kernel
      }
      return new Cgroup(1, dirs.memory, dirs.cpuacct, Object.values(dirs), dirs.pids);
    }
    throw new Error(`no usable cgroup hierarchy under ${CGROUP_ROOT} (need memory, cpu, cpuacct and pids, or cgroup v2)`);
  }

  /** The cgroups `create` made under `parent`, by name (for reaping). */
  static children(parent: string): string[] {
    const base = Cgroup.hostVersion() === 2 ? join(CGROUP_ROOT, parent) : join(CGROUP_ROOT, 'memory', parent);
    try {
      return readdirSync(base, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      return [];
    }
  }

  /** A cgroup `create` made, found again by name (for reaping); null when it is gone. */
  static existing(parent: string, name: string): Cgroup | null {
    const version = Cgroup.hostVersion();
    if (version === 2) {
      const dir = join(CGROUP_ROOT, parent, name);
      return existsSync(dir) ? new Cgroup(2, dir, dir, [dir], dir) : null;
    }
    if (version === 1) {
      const dirs = V1_CONTROLLERS.map((controller) => join(CGROUP_ROOT, controller, parent, name));
      if (!existsSync(dirs[0])) return null;
      return new Cgroup(1, dirs[0], dirs[1], dirs, dirs[3]);
    }
    return null;
  }

  /** Current memory charged to the cgroup, in bytes. */
  memoryUsageBytes(): number {
    return Number(readFileSync(join(this.memoryDir, this.version === 1 ? 'memory.usage_in_bytes' : 'memory.current'), 'utf8'));
  }

  /**
   * Memory the cgroup holds that the kernel cannot give back under pressure, in bytes: everything
   * but file cache that is not tmpfs (shmem). A run's limit goes on top of this.
   */
  unreclaimableBytes(): number {
    const stat = readFileSync(join(this.memoryDir, 'memory.stat'), 'utf8');
    const field = (name: string) => Number(stat.match(new RegExp(`^${name} (\\d+)$`, 'm'))?.[1] ?? 0);
    const reclaimable = this.version === 1 ? field('total_cache') - field('total_shmem') : field('file') - field('shmem');
    return Math.max(0, this.memoryUsageBytes() - reclaimable);
  }

  /** Sets the memory limit (memory and swap together: a box never swaps), in bytes. */
  setMemoryLimit(bytes: number): void {
    if (this.version === 2) {
      writeFileSync(join(this.memoryDir, 'memory.max'), String(bytes));
      return;
    }
    // memory.memsw.limit_in_bytes must stay >= memory.limit_in_bytes at every step.
    const memsw = join(this.memoryDir, 'memory.memsw.limit_in_bytes');
    const hasSwapAccounting = existsSync(memsw);
    const current = Number(readFileSync(join(this.memoryDir, 'memory.limit_in_bytes'), 'utf8'));
    if (hasSwapAccounting && bytes > current) writeFileSync(memsw, String(bytes));
    writeFileSync(join(this.memoryDir, 'memory.limit_in_bytes'), String(bytes));
    if (hasSwapAccounting && bytes <= current) writeFileSync(memsw, String(bytes));
  }

  /**
   * Turns the kernel's OOM killer off (v1 only), so that the judge chooses whom to kill: the runner
   * stops a run that waits at the limit. Returns false where it cannot be turned off (v2).
   */
  disableOomKiller(): boolean {
    if (this.version !== 1) return false;
    try {
      writeFileSync(join(this.memoryDir, 'memory.oom_control'), '1');
      return readFileSync(join(this.memoryDir, 'memory.oom_control'), 'utf8').includes('oom_kill_disable 1');
    } catch {
      return false;
    }
  }

  /** Asks the kernel to reclaim what it can (page cache), so a baseline is the program's own. */
  reclaim(): void {
    try {
      if (this.version === 1) writeFileSync(join(this.memoryDir, 'memory.force_empty'), '0');
      else writeFileSync(join(this.memoryDir, 'memory.reclaim'), '1G');
    } catch {
      // Best effort: a baseline with page cache in it is still a correct upper bound.
    }
  }

  /** Host pids of every process in the cgroup. */
  pids(): number[] {
    try {
      return readFileSync(join(this.pidsDir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /**
   * Kills every process left in the cgroup and removes its folders (a box the native backend
   * made). Safe to call when it is already gone.
   */
  async remove(): Promise<void> {
    const deadline = performance.now() + 5000;
    for (;;) {
      const pids = this.pids();
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      let removed = true;
      for (const dir of this.joinDirs) {
        try {
          rmdirSync(dir);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') removed = false;
        }
      }
      if (removed || performance.now() > deadline) return;
      await sleep(2);
    }
  }
}
