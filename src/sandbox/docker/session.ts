/**
 * One container per submission: every run (compile, each test, a checker) is a `docker exec`
 * into it. CPU time and peak memory are read per run from the container's cgroup on the host;
 * limits are enforced from the host too (a watchdog kills every process of the run), so nothing
 * the program does inside can hide its cost or outlive its run.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { ContainerCgroup } from '../cgroup.js';
import { SandboxError } from '../errors.js';
import { CappedSink } from '../output-cap.js';
import { tarOf } from '../tar.js';
import type { RunRequest, RunResult, RunStatus, SandboxFile, SandboxSession } from '../types.js';

/** The unprivileged user every program runs as. */
export const SANDBOX_USER = '65534:65534';
export const WORK_DIR = '/box';

const WATCHDOG_INTERVAL_MS = 5;
const DEFAULT_STDERR_KB = 64;
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
}

export class DockerSession implements SandboxSession {
  readonly workDir = WORK_DIR;
  private readonly docker: Docker;
  private readonly container: Docker.Container;
  private readonly cgroup: ContainerCgroup;
  private readonly initPids: Set<number>;
  /** The container's current memory limit, in MiB, or null when set per run. */
  private memoryLimitMb: number;
  private disposed = false;
  /**
   * CPU time Docker's exec machinery (runc init) spends inside the container's cgroup before the
   * program starts, in microseconds: the least any file-placing run cost, subtracted from every
   * run so a trivial program measures near zero, as it would outside the sandbox.
   */
  private execOverheadUs = 0;
  private overheadMeasured = false;
  private calibrating = false;
  private reclaimed = false;

  constructor(init: DockerSessionInit) {
    this.docker = init.docker;
    this.container = init.container;
    this.cgroup = init.cgroup;
    this.initPids = init.initPids;
    this.memoryLimitMb = init.memoryLimitMb;
  }

  get containerId(): string {
    return this.container.id;
  }

  async writeFiles(files: SandboxFile[]): Promise<void> {
    this.calibrating = true;
    const result = await this.run({
      argv: ['/bin/tar', '-x', '-m', '--no-same-owner', '-C', WORK_DIR, '-f', '-'],
      stdin: { text: tarOf(files) },
      limits: { cpuTimeMs: 10_000, wallTimeMs: 30_000, memoryMb: this.memoryLimitMb, outputKb: 64 },
    }).finally(() => {
      this.calibrating = false;
    });
    if (result.status !== 'exited' || result.exitCode !== 0) {
      const how = result.status === 'exited' ? `tar exited with ${result.exitCode}` : result.status;
      throw new SandboxError('SANDBOX_FAILED', `could not place files in the sandbox (${how}): ${result.stderr.trim()}`);
    }
  }

  async run(request: RunRequest): Promise<RunResult> {
    if (this.disposed) throw new SandboxError('SANDBOX_FAILED', 'run() on a disposed sandbox session');
    const { limits } = request;
    await this.fitMemoryLimit(limits.memoryMb);
    const cgroup = this.cgroup;
    let baselineBytes: number, peakResettable: boolean, cpuStartUs: number, oomStart: number, limitHitsStart: number;
    try {
      baselineBytes = cgroup.memoryUsageBytes();
      peakResettable = cgroup.resetPeakMemory();
      cpuStartUs = cgroup.cpuUsageUs();
      oomStart = cgroup.oomKills();
      limitHitsStart = cgroup.limitHits();
    } catch (error) {
      throw new SandboxError('SANDBOX_FAILED', `the sandbox container ${this.container.id.slice(0, 12)} is gone (removed or crashed)`, { cause: error });
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
    let exec: Docker.Exec;
    let stream: NodeJS.ReadWriteStream;
    try {
      exec = await this.container.exec({
        Cmd: request.argv,
        User: SANDBOX_USER,
        WorkingDir: request.cwd ?? WORK_DIR,
        Env: Object.entries(request.env ?? {}).map(([key, value]) => `${key}=${value}`),
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      });
      stream = (await exec.start({ hijack: true, stdin: true })) as unknown as NodeJS.ReadWriteStream;
    } catch (error) {
      stdout.closeFile();
      throw new SandboxError('SANDBOX_FAILED', `docker exec failed: ${(error as Error).message}`, { cause: error });
    }
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', resolve); // a reset connection ends the run like EOF does
    });
    this.docker.modem.demuxStream(stream, stdout, stderr);
    this.feedStdin(stream, request);

    const watchdog = setInterval(() => {
      const elapsedMs = performance.now() - startedAt;
      try {
        if (!peakResettable) sampledPeakBytes = Math.max(sampledPeakBytes, cgroup.memoryUsageBytes());
        if ((cgroup.cpuUsageUs() - cpuStartUs - this.execOverheadUs) / 1000 > limits.cpuTimeMs) stop('cpu-time-limit');
      } catch {
        // the cgroup vanishes only if the container died; the run ends through the stream
      }
      if (elapsedMs > limits.wallTimeMs) stop('wall-time-limit');
      // A background child may hold stdout open after the program exits: end it so EOF comes.
      if (this.onlyOrphansLeft()) this.killRunProcesses();
    }, WATCHDOG_INTERVAL_MS);

    try {
      await ended;
    } finally {
      clearInterval(watchdog);
    }
    const wallMs = Math.round(performance.now() - startedAt);
    // Nothing a run started survives it.
    this.killRunProcesses();
    stdout.closeFile();
    const exitCode = await this.exitCodeOf(exec);
    let cpuMs: number, memoryKb: number, oomKilled: boolean, hitLimit: boolean;
    try {
      const cpuUs = cgroup.cpuUsageUs() - cpuStartUs;
      if (this.calibrating) {
        this.execOverheadUs = this.overheadMeasured ? Math.min(this.execOverheadUs, cpuUs) : cpuUs;
        this.overheadMeasured = true;
      }
      cpuMs = Math.max(0, Math.round((cpuUs - this.execOverheadUs) / 1000));
      const peakBytes = peakResettable ? cgroup.peakMemoryBytes() : sampledPeakBytes;
      memoryKb = Math.max(0, Math.round((peakBytes - baselineBytes) / 1024));
      oomKilled = cgroup.oomKills() > oomStart;
      hitLimit = cgroup.limitHits() > limitHitsStart;
    } catch (error) {
      throw new SandboxError('SANDBOX_FAILED', `the sandbox container ${this.container.id.slice(0, 12)} went away during a run`, { cause: error });
    }

    let status: RunStatus;
    let signal: string | null = null;
    if (exitCode !== null && exitCode > 128 && exitCode < 160) signal = SIGNAL_NAMES[exitCode - 128] ?? `SIG${exitCode - 128}`;
    if (stoppedBy !== null) status = stoppedBy;
    else if (cpuMs > limits.cpuTimeMs) status = 'cpu-time-limit';
    else if (oomKilled || (hitLimit && exitCode !== 0)) status = 'memory-limit';
    else if (signal !== null) status = 'signaled';
    else status = 'exited';

    return {
      status,
      exitCode: signal === null ? exitCode : null,
      signal,
      cpuMs,
      wallMs,
      memoryKb,
      stdout: stdout.kept(),
      stdoutBytes: stdout.bytesWritten,
      stderr: stderr.kept().toString('utf8'),
    };
  }

  /**
   * Sets the container's memory limit for the next run: the run's own limit on top of what the
   * session already holds (its files in the scratch tmpfs), so the program gets all it asked for.
   */
  private async fitMemoryLimit(memoryMb: number): Promise<void> {
    if (!this.reclaimed) {
      // Page cache charged while compiling (compiler binaries, headers) is not the program's.
      this.cgroup.reclaim();
      this.reclaimed = true;
    }
    const heldMb = Math.ceil(this.cgroup.memoryUsageBytes() / (1024 * 1024));
    const wantedMb = memoryMb + heldMb;
    if (Math.abs(wantedMb - this.memoryLimitMb) <= Math.max(4, wantedMb * 0.05)) return;
    const bytes = wantedMb * 1024 * 1024;
    try {
      await this.container.update({ Memory: bytes, MemorySwap: bytes });
      this.memoryLimitMb = wantedMb;
    } catch (error) {
      throw new SandboxError('SANDBOX_FAILED', `could not set the memory limit to ${wantedMb} MiB: ${(error as Error).message}`, { cause: error });
    }
  }

  private feedStdin(stream: NodeJS.ReadWriteStream, request: RunRequest): void {
    const stdin = request.stdin ?? null;
    // A program that exits without reading its input closes the pipe: not an error.
    stream.on('error', () => {});
    if (stdin === null) {
      stream.end();
    } else if ('path' in stdin) {
      const file = createReadStream(stdin.path);
      file.on('error', () => stream.end());
      file.pipe(stream as unknown as NodeJS.WritableStream);
    } else {
      stream.end(stdin.text);
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
    const runPids = all.filter((pid) => !this.initPids.has(pid));
    if (runPids.length === 0) return false;
    return !runPids.some((pid) => {
      const stat = procStat(pid);
      return stat !== null && stat.state !== 'Z' && stat.state !== 'X' && !inContainer.has(stat.ppid);
    });
  }

  /** The exit code once the daemon has recorded the exit (it may lag the end of the stream under load). */
  private async exitCodeOf(exec: Docker.Exec): Promise<number> {
    const deadline = performance.now() + 10_000;
    let lastError: unknown = null;
    while (performance.now() < deadline) {
      try {
        const info = await exec.inspect();
        if (!info.Running && info.ExitCode !== null) return info.ExitCode;
      } catch (error) {
        lastError = error;
      }
      await sleep(5);
    }
    throw new SandboxError('SANDBOX_FAILED', 'the Docker daemon never reported how the run ended', { cause: lastError });
  }

  /** SIGKILLs every process in the container except its init, freezing first so forks cannot race. */
  private killRunProcesses(): void {
    const victims = () => {
      try {
        return this.cgroup.pids().filter((pid) => !this.initPids.has(pid));
      } catch {
        return [];
      }
    };
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

