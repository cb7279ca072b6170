/**
 * Reads (and resets) the accounting of a container's cgroup from the host, where the judged
 * program cannot touch it. Supports cgroup v1 (cpuacct, memory, pids, freezer controllers) and
 * the unified v2 hierarchy.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CGROUP_ROOT = '/sys/fs/cgroup';

export class ContainerCgroup {
  private constructor(
    private readonly version: 1 | 2,
    /** controller → directory (v2: every controller maps to the one directory). */
    private readonly dirs: Record<string, string>,
  ) {}

  /** Finds the cgroup of a host pid, or null when this process cannot see it (remote daemon). */
  static ofPid(pid: number): ContainerCgroup | null {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
    } catch {
      return null;
    }
    const dirs: Record<string, string> = {};
    let unified: string | null = null;
    for (const line of text.split('\n')) {
      const [, controllers, path] = line.match(/^\d+:([^:]*):(.*)$/) ?? [];
      if (path === undefined) continue;
      if (controllers === '') unified = path;
      for (const controller of controllers.split(',')) {
        if (controller) dirs[controller] = join(CGROUP_ROOT, controller, path);
      }
    }
    if (dirs.cpuacct && existsSync(dirs.cpuacct) && dirs.memory && existsSync(dirs.memory)) {
      return new ContainerCgroup(1, dirs);
    }
    if (unified !== null && existsSync(join(CGROUP_ROOT, 'cgroup.controllers'))) {
      const dir = join(CGROUP_ROOT, unified);
      if (existsSync(dir)) return new ContainerCgroup(2, { cpu: dir, memory: dir, pids: dir, freezer: dir });
    }
    return null;
  }

  /** Total CPU time of every process that ever ran in the cgroup, in microseconds. */
  cpuUsageUs(): number {
    if (this.version === 1) {
      return Number(readFileSync(join(this.dirs.cpuacct, 'cpuacct.usage'), 'utf8')) / 1000;
    }
    const stat = readFileSync(join(this.dirs.cpu, 'cpu.stat'), 'utf8');
    return Number(stat.match(/usage_usec (\d+)/)?.[1] ?? 0);
  }

  /** Current memory charged to the cgroup, in bytes. */
  memoryUsageBytes(): number {
    const file = this.version === 1 ? 'memory.usage_in_bytes' : 'memory.current';
    return Number(readFileSync(join(this.dirs.memory, file), 'utf8'));
  }

  /**
   * Memory the cgroup holds that the kernel cannot give back under pressure, in bytes: everything
   * but file cache that is not tmpfs (shmem). A run's limit goes on top of this.
   */
  unreclaimableBytes(): number {
    const stat = readFileSync(join(this.dirs.memory, 'memory.stat'), 'utf8');
    const field = (name: string) => Number(stat.match(new RegExp(`^${name} (\\d+)$`, 'm'))?.[1] ?? 0);
    const reclaimable =
      this.version === 1 ? field('total_cache') - field('total_shmem') : field('file') - field('shmem');
    return Math.max(0, this.memoryUsageBytes() - reclaimable);
  }

  /**
   * Starts a new peak-memory window. Returns false when the peak cannot be reset (older v2
   * kernels), in which case the caller samples memoryUsageBytes() instead.
   */
  resetPeakMemory(): boolean {
    const file = this.version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak';
    try {
      writeFileSync(join(this.dirs.memory, file), this.version === 1 ? '0' : 'reset');
      return true;
    } catch {
      return false;
    }
  }

  /** Peak memory since the last reset, in bytes. */
  peakMemoryBytes(): number {
    const file = this.version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak';
    try {
      return Number(readFileSync(join(this.dirs.memory, file), 'utf8'));
    } catch {
      return this.memoryUsageBytes();
    }
  }

  /** How many times the kernel's OOM killer acted in the cgroup. */
  oomKills(): number {
    const file = this.version === 1 ? 'memory.oom_control' : 'memory.events';
    try {
      return Number(readFileSync(join(this.dirs.memory, file), 'utf8').match(/oom_kill (\d+)/)?.[1] ?? 0);
    } catch {
      return 0;
    }
  }

  /**
   * Turns the kernel's OOM killer off for the cgroup (v1 only), so that the judge chooses whom to
   * kill: memory no process owns (tmpfs files, memfd, pipe buffers) would otherwise make the kernel
   * kill the container's init. A process that then hits the limit waits (see {@link underOom}).
   * Returns false where it cannot be turned off (v2, no permission).
   */
  disableOomKiller(): boolean {
    if (this.version !== 1) return false;
    try {
      writeFileSync(join(this.dirs.memory, 'memory.oom_control'), '1');
      return readFileSync(join(this.dirs.memory, 'memory.oom_control'), 'utf8').includes('oom_kill_disable 1');
    } catch {
      return false;
    }
  }

  /** True while a process waits for memory at the limit (v1 with the OOM killer off). */
  underOom(): boolean {
    if (this.version !== 1) return false;
    return /under_oom [1-9]/.test(readFileSync(join(this.dirs.memory, 'memory.oom_control'), 'utf8'));
  }

  /** How many times a charge hit the limit (v1 failcnt, v2 `max` events). */
  limitHits(): number {
    try {
      if (this.version === 1) return Number(readFileSync(join(this.dirs.memory, 'memory.failcnt'), 'utf8'));
      return Number(readFileSync(join(this.dirs.memory, 'memory.events'), 'utf8').match(/\bmax (\d+)/)?.[1] ?? 0);
    } catch {
      return 0;
    }
  }

  /** Asks the kernel to reclaim what it can (page cache), so a baseline is the program's own. */
  reclaim(): void {
    try {
      if (this.version === 1) writeFileSync(join(this.dirs.memory, 'memory.force_empty'), '0');
      else writeFileSync(join(this.dirs.memory, 'memory.reclaim'), '1G');
    } catch {
      // Best effort: a baseline with page cache in it is still a correct upper bound.
    }
  }

  /** Host pids of every process in the cgroup. */
  pids(): number[] {
    const dir = this.dirs.pids ?? this.dirs.memory;
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(Number);
  }

  /** Freezes (true) or thaws (false) every process, so that a fork bomb cannot outrun the kill. */
  freeze(frozen: boolean): boolean {
    try {
      if (this.version === 1) {
        if (!this.dirs.freezer) return false;
        writeFileSync(join(this.dirs.freezer, 'freezer.state'), frozen ? 'FROZEN' : 'THAWED');
      } else {
        writeFileSync(join(this.dirs.freezer, 'cgroup.freeze'), frozen ? '1' : '0');
      }
      return true;
    } catch {
      return false;
    }
  }
}
