/**
 * One container per submission. Every run (compile, each test, a checker) happens in it, one
 * after another: through a resident runner (fork+exec per run) or, without it, a `docker exec`
 * per run. CPU time and peak memory are read per run from the container's cgroup on the host, and
 * limits are enforced from the host too (a watchdog kills every process of the run), so nothing
 * the program does inside can hide its cost or outlive its run.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { ContainerCgroup } from '../cgroup.js';
import { SandboxError } from '../errors.js';
import { CappedSink } from '../output-cap.js';
import { tarOf } from '../tar.js';
import type { RunRequest, RunResult, RunStatus, SandboxFile, SandboxSession } from '../types.js';
import { execToEnd, launchWithExec, RunnerConnection, SEALED_DIR, WORK_DIR, type Launched } from './launch.js';

export { SANDBOX_USER, WORK_DIR } from './launch.js';

const WATCHDOG_INTERVAL_MS = 5;
const DEFAULT_STDERR_KB = 64;
const MIB = 1024 * 1024;
const ROOT_USER = '0:0';
/** How far above a run's own need the container's memory limit may stay between runs. */
const LIMIT_SLACK_BYTES = 8 * MIB;
/** Empties the scratch space (the program's user owns all of it, so it can take back any mode). */
const WIPE_SCRATCH = `chmod -R u+rwX ${WORK_DIR} /tmp 2>/dev/null; find ${WORK_DIR} /tmp -mindepth 1 -delete`;
/** How long past the wall limit the runner may take to report a killed program before it is killed too. */
const RUNNER_GRACE_MS = 2000;
const SIGNAL_NAMES: Record<number, string> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS',
  8: 'SIGFPE', 9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE',
  14: 'SIGALRM', 15: 'SIGTERM', 24: 'SIGXCPU', 25: 'SIGXFSZ', 31: 'SIGSYS',
};

export interface DockerSessionInit {
  docker: Docker;
  container: Docker.Container;
  cgroup: ContainerCgroup;
  /** Host pids of the container's own init processes, which runs never kill. */
  initPids: Set<number>;
  memoryLimitMb: number;
  /** Whether the runner binary is mounted in the container. */
  runnerMounted: boolean;
}

export class DockerSession implements SandboxSession {
  readonly workDir = WORK_DIR;
  private readonly docker: Docker;
  private readonly container: Docker.Container;
  private readonly cgroup: ContainerCgroup;
  /** Processes no run may kill: the container's init, its idle child and the runner. */
  private readonly protectedPids: Set<number>;
  /** The container's memory limit now, in bytes. */
  private memoryLimitBytes: number;
  private disposed = false;
  /** After seal(): runs start in the sealed copy, with empty scratch space. */
  private sealed = false;
  private reclaimed = false;
  private runner: { connection: RunnerConnection; pid: number } | null = null;
  private runnerAvailable: boolean;
  /** The kernel's OOM killer is off (v1): the watchdog ends a run that waits at the memory limit. */
  private readonly oomKillerOff: boolean;
  /**
   * CPU time the launch machinery spends inside the container's cgroup before the program starts,
   * in microseconds: the least any file-placing run cost, subtracted from every run so a trivial
   * program measures near zero, as it would outside the sandbox.
   */
  private launchOverheadUs = 0;
  private overheadMeasured = false;
  private calibrating = false;

  constructor(init: DockerSessionInit) {
    this.docker = init.docker;
    this.container = init.container;
    this.cgroup = init.cgroup;
    this.protectedPids = new Set(init.initPids);
    this.memoryLimitBytes = init.memoryLimitMb * MIB;
    this.runnerAvailable = init.runnerMounted;
    this.oomKillerOff = init.cgroup.disableOomKiller();
  }

  get containerId(): string {
    return this.container.id;
  }

  /** How runs start: `runner` (fork+exec in the container) or `exec` (a docker exec each). */
  get launchMode(): 'runner' | 'exec' {
    return this.runnerAvailable ? 'runner' : 'exec';
  }

  async writeFiles(files: SandboxFile[]): Promise<void> {
    this.calibrating = true;
    const result = await this.run({
      argv: ['/bin/tar', '-x', '-m', '--no-same-owner', '-C', WORK_DIR, '-f', '-'],
      stdin: { text: tarOf(files) },
      limits: { cpuTimeMs: 10_000, wallTimeMs: 30_000, memoryMb: Math.floor(this.memoryLimitBytes / MIB), outputKb: 64 },
    }).finally(() => {
      this.calibrating = false;
    });
    if (result.status !== 'exited' || result.exitCode !== 0) {
      const how = result.status === 'exited' ? `tar exited with ${result.exitCode}` : result.status;
      throw new SandboxError('SANDBOX_FAILED', `could not place files in the sandbox (${how}): ${result.stderr.trim()}`);
    }
  }

  async seal(): Promise<void> {
    // Root in the container (no capabilities) copies the work dir to a root-owned tmpfs: the copy is
    // readable, not writable, by the programs' user.
    const { exitCode, output } = await execToEnd(
      this.docker,
      this.container,
      ['/bin/cp', '-R', '--preserve=mode', `${WORK_DIR}/.`, `${SEALED_DIR}/`],
      ROOT_USER,
      'could not seal the program',
    );
    if (exitCode !== 0) throw new SandboxError('SANDBOX_FAILED', `could not seal the program (cp exited with ${exitCode}): ${output.trim()}`);
    this.sealed = true;
  }

  async run(request: RunRequest): Promise<RunResult> {
    if (!this.sealed) return this.runInContainer(request);
    await this.wipeScratch();
    return this.runInContainer({ ...request, cwd: request.cwd ?? SEALED_DIR });
  }

  /** Empties the scratch space: natively in the runner, else with a shell run. */
  private async wipeScratch(): Promise<void> {
    const runner = await this.ensureRunner();
    if (runner && (await runner.wipe([WORK_DIR, '/tmp']))) return;
    // Under the limit already set (a docker update each way would cost more than the wipe itself).
    const wiped = await this.runInContainer(
      {
        argv: ['/bin/sh', '-c', WIPE_SCRATCH],
        cwd: '/',
        limits: { cpuTimeMs: 10_000, wallTimeMs: 30_000, memoryMb: Math.floor(this.memoryLimitBytes / MIB), outputKb: 16 },
      },
      { keepMemoryLimit: true },
    );
    if (wiped.status !== 'exited' || wiped.exitCode !== 0) {
      throw new SandboxError('SANDBOX_FAILED', `could not empty the scratch space before a run (${wiped.status}): ${wiped.stderr.trim()}`);
    }
  }

  private async runInContainer(request: RunRequest, options: { keepMemoryLimit?: boolean } = {}): Promise<RunResult> {
    if (this.disposed) throw new SandboxError('SANDBOX_FAILED', 'run() on a disposed sandbox session');
    const { limits } = request;
    if (!options.keepMemoryLimit) await this.fitMemoryLimit(limits.memoryMb);
    const runner = await this.ensureRunner();
    const cgroup = this.cgroup;
    let baselineBytes: number, peakResettable: boolean, cpuStartUs: number, oomStart: number, limitHitsStart: number;
    try {
      // What the session holds before the run and cannot give back: the rest of the peak is the run's.
      baselineBytes = cgroup.unreclaimableBytes();
      peakResettable = cgroup.resetPeakMemory();
      cpuStartUs = cgroup.cpuUsageUs();
      oomStart = cgroup.oomKills();
      limitHitsStart = cgroup.limitHits();
    } catch (error) {
      throw this.goneError(error);
    }

    let stoppedBy: RunStatus | null = null;
    let sampledPeakBytes = baselineBytes;
    const stop = (status: RunStatus) => {
      if (stoppedBy === null) stoppedBy = status;
      this.killRunProcesses();
    };
    const stdout = new CappedSink(limits.outputKb * 1024, request.stdoutPath, () => stop('output-limit'));
    const stderr = new CappedSink((limits.stderrKb ?? DEFAULT_STDERR_KB) * 1024, undefined);

    const startedAt = performance.now();
    let launched: Launched;
    try {
      launched = runner ? runner.launch(request, stdout, stderr) : await launchWithExec(this.docker, this.container, request, stdout, stderr);
    } catch (error) {
      stdout.closeFile();
      throw error;
    }
    const watchdog = setInterval(() => {
      const elapsedMs = performance.now() - startedAt;
      try {
        if (!peakResettable) sampledPeakBytes = Math.max(sampledPeakBytes, cgroup.memoryUsageBytes());
        if ((cgroup.cpuUsageUs() - cpuStartUs - this.launchOverheadUs) / 1000 > limits.cpuTimeMs) stop('cpu-time-limit');
        if (this.oomKillerOff && cgroup.underOom()) stop('memory-limit');
      } catch {
        // the cgroup vanishes only if the container died; the run ends through its stream
      }
      if (elapsedMs > limits.wallTimeMs) stop('wall-time-limit');
      // A background child may hold stdout open after the program exits: end it so EOF comes.
      if (launched.needsOrphanWatch && this.onlyOrphansLeft()) this.killRunProcesses();
      // The program can stop the runner (same user, SIGSTOP): then no status comes. Kill the runner;
      // its stream ends and the run ends as the program's doing.
      if (elapsedMs > limits.wallTimeMs + RUNNER_GRACE_MS && this.runner) {
        try {
          process.kill(this.runner.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, WATCHDOG_INTERVAL_MS);

    let exit: Awaited<Launched['ended']>;
    try {
      exit = await launched.ended;
    } finally {
      clearInterval(watchdog);
      stdout.closeFile();
    }
    const wallMs = Math.round(performance.now() - startedAt);
    // Nothing a run started survives it.
    await this.endRunProcesses();
    if (exit === null) {
      // The program killed the runner (it runs as the same user): a death of the program's making.
      this.dropRunner();
      exit = { exitCode: null, signalNumber: 9 };
    }

    let cpuMs: number, memoryKb: number, oomKilled: boolean, hitLimit: boolean;
    try {
      const cpuUs = cgroup.cpuUsageUs() - cpuStartUs;
      // Only docker exec has a start-up cost worth calibrating (runc init); the runner's fork is ~0.3 ms.
      if (this.calibrating && launched.needsOrphanWatch) {
        this.launchOverheadUs = this.overheadMeasured ? Math.min(this.launchOverheadUs, cpuUs) : cpuUs;
        this.overheadMeasured = true;
      }
      cpuMs = Math.max(0, Math.round((cpuUs - this.launchOverheadUs) / 1000));
      const peakBytes = peakResettable ? cgroup.peakMemoryBytes() : sampledPeakBytes;
      memoryKb = Math.max(0, Math.round((peakBytes - baselineBytes) / 1024));
      oomKilled = cgroup.oomKills() > oomStart;
      hitLimit = cgroup.limitHits() > limitHitsStart;
    } catch (error) {
      throw this.goneError(error);
    }

    const signal = exit.signalNumber === null ? null : (SIGNAL_NAMES[exit.signalNumber] ?? `SIG${exit.signalNumber}`);
    let status: RunStatus;
    if (stoppedBy !== null) status = stoppedBy;
    else if (cpuMs > limits.cpuTimeMs) status = 'cpu-time-limit';
    // Killed by the OOM killer, failed after an allocation hit the limit, or got through at the edge
    // (the kernel can evict the program's own code pages) with a peak over its limit.
    else if (oomKilled || (hitLimit && exit.exitCode !== 0) || memoryKb > limits.memoryMb * 1024) status = 'memory-limit';
    else if (signal !== null) status = 'signaled';
    else status = 'exited';

    return {
      status,
      exitCode: exit.exitCode,
      signal,
      cpuMs,
      wallMs,
      memoryKb,
      stdout: stdout.kept(),
      stdoutBytes: stdout.bytesWritten,
      stderr: stderr.kept().toString('utf8'),
    };
  }

  /** Starts the runner ahead of the first run (for warm pools). */
  async warm(): Promise<void> {
    await this.ensureRunner();
  }

  /** The resident runner, started on first use (and again if a program killed it). */
  private async ensureRunner(): Promise<RunnerConnection | null> {
    if (!this.runnerAvailable) return null;
    if (this.runner?.connection.alive) return this.runner.connection;
    this.dropRunner();
    const before = new Set(this.cgroup.pids());
    const connection = await RunnerConnection.start(this.docker, this.container);
    const deadline = performance.now() + 5000;
    while (performance.now() < deadline && connection.alive) {
      const pid = this.cgroup.pids().find((candidate) => !before.has(candidate) && !this.protectedPids.has(candidate));
      if (pid !== undefined) {
        this.protectedPids.add(pid);
        this.runner = { connection, pid };
        return connection;
      }
      await sleep(1);
    }
    // The runner did not come up (an image without it, a noexec mount): use docker exec from now on.
    connection.close();
    this.runnerAvailable = false;
    return null;
  }

  private dropRunner(): void {
    if (!this.runner) return;
    this.protectedPids.delete(this.runner.pid);
    this.runner.connection.close();
    this.runner = null;
  }

  private goneError(cause: unknown): SandboxError {
    return new SandboxError('SANDBOX_FAILED', `the sandbox container ${this.container.id.slice(0, 12)} is gone (removed or crashed)`, { cause });
  }

  /**
   * Sets the container's memory limit for the next run: the run's own limit on top of what the
   * session holds and cannot give back (its files in the scratch tmpfs, the runner, kernel memory),
   * so the program gets what it asked for and not a MiB more.
   */
  private async fitMemoryLimit(memoryMb: number): Promise<void> {
    if (!this.reclaimed) {
      // Page cache charged while compiling (compiler binaries, headers) is not the program's.
      this.cgroup.reclaim();
      this.reclaimed = true;
    }
    let heldBytes: number;
    try {
      heldBytes = this.cgroup.unreclaimableBytes();
    } catch (error) {
      throw this.goneError(error);
    }
    const wantedBytes = memoryMb * MIB + heldBytes;
    // Never below; up to a little above is kept (what is held moves by a few pages between tests, and
    // a docker update costs ~10 ms). A run whose peak passes its own limit is MLE all the same.
    if (this.memoryLimitBytes >= wantedBytes && this.memoryLimitBytes <= wantedBytes + LIMIT_SLACK_BYTES) return;
    try {
      await this.container.update({ Memory: wantedBytes, MemorySwap: wantedBytes });
      this.memoryLimitBytes = wantedBytes;
    } catch (error) {
      const wantedMb = Math.round(wantedBytes / MIB);
      throw new SandboxError('SANDBOX_FAILED', `could not set the memory limit to ${wantedMb} MiB: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * True when the run's main process has exited but processes it started live on. The main
   * process is the one whose parent is outside the container (the exec shim); orphans are
   * re-parented to the container's init.
   */
  private onlyOrphansLeft(): boolean {
    let all: number[];
    try {
      all = this.cgroup.pids();
    } catch {
      return false;
    }
    const inContainer = new Set(all);
    const runPids = all.filter((pid) => !this.protectedPids.has(pid));
    if (runPids.length === 0) return false;
    return !runPids.some((pid) => {
      const stat = procStat(pid);
      return stat !== null && stat.state !== 'Z' && stat.state !== 'X' && !inContainer.has(stat.ppid);
    });
  }

  /** Kills what is left of a run and waits until the kernel has removed it from the container. */
  private async endRunProcesses(): Promise<void> {
    const deadline = performance.now() + 5000;
    while (this.runProcesses().length > 0 && performance.now() < deadline) {
      this.killRunProcesses();
      await sleep(1);
    }
  }

  private runProcesses(): number[] {
    try {
      return this.cgroup.pids().filter((pid) => !this.protectedPids.has(pid));
    } catch {
      return [];
    }
  }

  /** SIGKILLs every process in the container but the protected ones, freezing first so forks cannot race. */
  private killRunProcesses(): void {
    const victims = () => this.runProcesses();
    if (victims().length === 0) return;
    const frozen = this.cgroup.freeze(true);
    try {
      for (let round = 0; round < 100; round++) {
        const pids = victims();
        if (pids.length === 0) break;
        for (const pid of pids) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        if (frozen) break; // frozen processes cannot fork; they die when thawed
      }
    } finally {
      if (frozen) this.cgroup.freeze(false);
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.dropRunner();
    try {
      await this.container.remove({ force: true });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) {
        throw new SandboxError('SANDBOX_FAILED', `could not remove container ${this.container.id.slice(0, 12)}`, { cause: error });
      }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

function procStat(pid: number): { state: string; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return null;
  }
}
