/**
 * A sandbox session over a box, whatever made the box (a Docker container, a bubblewrap process):
 * every backend gives its box to this one class, so every backend runs programs the same way.
 *
 * The run model is the one contestants test with, `prog < in > out 2> err`: the test's input is a
 * regular file on standard input, standard output and standard error are regular files on the
 * host (the runner creates them; the program may seek, mmap or fstat them). Programs start in the
 * box through the runner (native/runner.c), each run in a PID namespace of its own.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import type { Cgroup } from './cgroup.js';
import { SandboxError } from './errors.js';
import { makeSessionFolder, readHead, readHeadAndTail } from './host-files.js';
import { classifyRun } from './run-status.js';
import { parseGathered, RunnerProcess, type RunnerBox } from './runner/process.js';
import { tarOf } from './tar.js';
import type { BoxFile, RunRequest, RunResult, SandboxFile, SandboxSession } from './types.js';

/** Where programs start and files are placed, inside every box. */
export const WORK_DIR = '/box';
/** Where a sealed session's program lives, owned by root: programs can read it, not change it. */
export const SEALED_DIR = '/sealed';
/**
 * Sessions a reusable box serves before it is released and a new one made: a bound on whatever a
 * long life could gather in the box's namespaces that this judge does not know of.
 */
export const MAX_BOX_SESSIONS = 100;
/** The unprivileged user programs run as (nobody). */
export const SANDBOX_UID = 65534;
export const SANDBOX_GID = 65534;

/**
 * Starts the runner of a box: programs join the namespaces of the box's process `pid` and the
 * box's cgroup, and run as {@link SANDBOX_UID}.
 * @throws SandboxError SANDBOX_FAILED when the runner does not start
 */
export function startBoxRunner(runnerPath: string, pid: number, cgroup: Cgroup): Promise<RunnerProcess> {
  return RunnerProcess.start(runnerPath, runnerBox(pid, cgroup));
}

/** The box a runner serves: the namespaces of the box's process `pid`, the box's cgroup, programs as {@link SANDBOX_UID}. */
export function runnerBox(pid: number, cgroup: Cgroup): RunnerBox {
  return {
    pid,
    uid: SANDBOX_UID,
    gid: SANDBOX_GID,
    cgroupVersion: cgroup.version,
    memoryDir: cgroup.memoryDir,
    cpuDir: cgroup.cpuDir,
    joinDirs: cgroup.joinDirs,
  };
}

/**
 * Refuses option values no box can be made or run with (a caller's mistake: a missing memory
 * limit would otherwise reach the cgroup as `NaN`).
 * @throws RangeError naming the option, its unit and the value given
 */
export function assertPositiveSizes(what: string, values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined && !REQUIRED_SIZES.has(name)) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`${what}: ${name} must be a positive number${unitOf(name)}, not ${typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value))}`);
    }
  }
}
const REQUIRED_SIZES = new Set(['maxMemoryMb', 'cpuTimeMs', 'wallTimeMs', 'memoryMb', 'outputKb']);
const unitOf = (name: string) => (name.endsWith('Ms') ? ' of milliseconds' : name.endsWith('Mb') ? ' of MiB' : name.endsWith('Kb') ? ' of KiB' : '');

const DEFAULT_STDERR_KB = 64;
const MIB = 1024 * 1024;
/** Open files a program may hold. */
const OPEN_FILES = 256;
/** How far above a run's own need the memory limit may stay between runs (a write costs little, but needs a look). */
const LIMIT_SLACK_BYTES = 8 * MIB;
const DEFAULT_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', TMPDIR: '/tmp' };
/** The most bytes of files placed by the runner itself (one frame, under the runner's 1 MiB); more go through tar. */
const DIRECT_WRITE_BYTES = 512 * 1024;
/** errno numbers to their names, for messages. */
const ERRNO_NAMES = new Map(Object.entries(osConstants.errno).map(([name, value]) => [value, name]));
/** `ENOSPC` for a runner helper's errno; what went wrong when it was killed (-1). */
const errnoName = (error: number) => (error > 0 ? (ERRNO_NAMES.get(error) ?? `errno ${error}`) : 'the helper was killed or did not start');
/** Limits of the judge's own runs (placing files). */
const MACHINERY_LIMITS = { cpuTimeMs: 10_000, wallTimeMs: 30_000, outputKb: 64 };

/** What a backend made: the box and how to release it. */
export interface Box {
  /** For messages: `container 1a2b3c4d5e6f`, `bubblewrap 4242`. */
  readonly description: string;
  readonly cgroup: Cgroup;
  /** Host pids of the box's own processes in its cgroup (a container's init), which runs never leave. */
  holderPids(): number[];
  /** Releases the box (removes the container, ends the bubblewrap process, removes its cgroup). */
  release(): Promise<void>;
  /** True when the box is gone without being released (the container was removed, the process died). */
  gone(): boolean;
  /**
   * Makes the box's scratch folders new and empty (new tmpfs mounts), so that it may serve another
   * session. Only boxes that may serve several sessions have it (native).
   * @throws SandboxError SANDBOX_FAILED when it cannot
   */
  refresh?(): Promise<void>;
}

export interface BoxSessionInit {
  box: Box;
  runner: RunnerProcess;
  /** The largest file a program may write, in bytes. */
  fileSizeBytes: number;
  /** The box's memory limit when made, in bytes. */
  memoryLimitBytes: number;
  /** Sessions the box served before this one. @defaultValue 0 */
  servedBefore?: number;
}

export class BoxSession implements SandboxSession {
  readonly workDir = WORK_DIR;
  private readonly box: Box;
  private readonly runner: RunnerProcess;
  private readonly fileSizeBytes: number;
  private memoryLimitBytes: number;
  private readonly madeMemoryLimitBytes: number;
  private readonly servedBefore: number;
  private sealed = false;
  /** Operations under way (see track). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private reclaimed = false;
  private disposed = false;
  private folder: Promise<string> | null = null;

  constructor(init: BoxSessionInit) {
    this.box = init.box;
    this.runner = init.runner;
    this.fileSizeBytes = init.fileSizeBytes;
    this.memoryLimitBytes = init.memoryLimitBytes;
    this.madeMemoryLimitBytes = init.memoryLimitBytes;
    this.servedBefore = init.servedBefore ?? 0;
    // The runner decides whom to stop at the limit; the kernel would pick a process of its own.
    init.box.cgroup.disableOomKiller();
  }

  /** What the box is, for messages and operators: `container 1a2b3c4d5e6f`, `bubblewrap 4242`. */
  get description(): string {
    return this.box.description;
  }

  /** The box's cgroup (for diagnostics and tests: what it holds between runs). */
  get cgroup(): Cgroup {
    return this.box.cgroup;
  }

  /** Host pids of processes a run left in the box: none, once run() has returned. */
  leftoverProcesses(): number[] {
    const holders = new Set(this.box.holderPids());
    return this.box.cgroup.pids().filter((pid) => !holders.has(pid));
  }

  /** The runner's host pid (out of the programs' reach). */
  get runnerPid(): number {
    return this.runner.pid;
  }

  /**
   * Places files in the work folder, as the sandbox user. A small batch (the usual: a source file)
   * is written by the runner itself; a large one (a cached compile, a test's data) is unpacked by a
   * run of `tar`, within the session's limits.
   * @throws SandboxError SANDBOX_FAILED when a file cannot be placed (a bad path, the scratch space full)
   */
  writeFiles(files: SandboxFile[]): Promise<void> {
    return this.track(() => this.writeFilesNow(files));
  }

  private async writeFilesNow(files: SandboxFile[]): Promise<void> {
    this.assertUsable();
    const placed = files.map((file) => ({
      path: file.path,
      content: typeof file.content === 'string' ? Buffer.from(file.content) : file.content,
      mode: file.executable ? 0o755 : 0o644,
    }));
    if (placed.reduce((bytes, file) => bytes + file.content.length, 0) <= DIRECT_WRITE_BYTES) {
      const error = await this.runner.writeFiles(WORK_DIR, placed);
      if (error !== 0) {
        throw new SandboxError('SANDBOX_FAILED', `could not place files in the sandbox (${errnoName(error)}): ${files.map((file) => file.path).join(', ')}`);
      }
      return;
    }
    const result = await this.run({
      argv: ['/bin/tar', '-x', '-m', '--no-same-owner', '-C', WORK_DIR, '-f', '-'],
      cwd: WORK_DIR,
      stdin: { text: tarOf(files) },
      limits: { ...MACHINERY_LIMITS, memoryMb: Math.max(64, Math.floor(this.memoryLimitBytes / MIB) - 64) },
    }, { keepScratch: true });
    if (result.status !== 'exited' || result.exitCode !== 0) {
      const how = result.status === 'exited' ? `tar exited with ${result.exitCode}` : result.status;
      throw new SandboxError('SANDBOX_FAILED', `could not place files in the sandbox (${how}): ${result.stderr.trim()}`);
    }
  }

  seal(): Promise<void> {
    return this.track(async () => {
      this.assertUsable();
      const error = await this.runner.seal(WORK_DIR, SEALED_DIR);
      if (error !== 0) throw new SandboxError('SANDBOX_FAILED', `could not seal the program (${errnoName(error)})`);
      this.sealed = true;
    });
  }

  /**
   * The regular files under a folder of the box (what a compile made, for the compile cache), read
   * by the runner as the sandbox user, no link followed, without starting a run.
   * @returns the files, paths relative to the folder; null when there are more than `maxBytes` bytes of them or they cannot be read
   */
  gatherFiles(folder: string, maxBytes: number): Promise<BoxFile[] | null> {
    return this.track(() => this.gatherNow(folder, maxBytes));
  }

  private async gatherNow(folder: string, maxBytes: number): Promise<BoxFile[] | null> {
    this.assertUsable();
    const hostPath = join(await (this.folder ??= makeSessionFolder()), 'gathered');
    try {
      this.assertUsable(); // again: the session may have ended while its folder was made
      if ((await this.runner.gather(folder, hostPath, maxBytes)) !== 0) return null;
      return parseGathered(await readFile(hostPath));
    } finally {
      await rm(hostPath, { force: true });
    }
  }

  /**
   * Runs a program. After seal(), every run starts in the sealed program's folder with empty
   * scratch space (the runner empties /box and /tmp first).
   */
  run(request: RunRequest, options: { keepScratch?: boolean } = {}): Promise<RunResult> {
    return this.track(() => this.runNow(request, this.sealed && !options.keepScratch));
  }

  /**
   * Runs one operation of the session, known until it settles: renew() waits for every one under
   * way before the box serves anyone else, so that a call made before the end (one not awaited)
   * never acts on the next session's box.
   */
  private track<T>(operation: () => Promise<T>): Promise<T> {
    const promise = operation();
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  private async runNow(request: RunRequest, wipeFirst: boolean): Promise<RunResult> {
    this.assertUsable();
    const { limits } = request;
    assertPositiveSizes('run', { cpuTimeMs: limits?.cpuTimeMs, wallTimeMs: limits?.wallTimeMs, memoryMb: limits?.memoryMb, outputKb: limits?.outputKb, stderrKb: limits?.stderrKb });
    const folder = await (this.folder ??= makeSessionFolder());
    // Runs of a session are sequential: each reuses the same files (truncated), read before the
    // next run starts; the folder goes with the session. (A file made and removed per run costs an
    // inode allocation and a removal on the host's file system each time.)
    const file = (name: string) => join(folder, name);
    let stdinPath = '';
    if (request.stdin && 'path' in request.stdin) stdinPath = request.stdin.path;
    else if (request.stdin) {
      stdinPath = file('in');
      await writeFile(stdinPath, request.stdin.text, { mode: 0o644 });
    }
    const stdoutPath = request.stdoutPath ?? file('out');
    const stderrPath = file('err');
    try {
      this.assertUsable(); // again: the session may have ended while its files were written
      this.fitMemoryLimit(limits.memoryMb);
      const outputBytes = limits.outputKb * 1024;
      const report = await this.runner.run(
        {
          cwd: request.cwd ?? (this.sealed ? SEALED_DIR : WORK_DIR),
          stdinPath,
          stdoutPath,
          stderrPath,
          cpuTimeMs: limits.cpuTimeMs,
          wallTimeMs: limits.wallTimeMs,
          outputBytes,
          // The output file is capped by the runner at the output limit; other files at the file size limit.
          fileSizeBytes: Math.max(this.fileSizeBytes, outputBytes + 1),
          // Deep recursion is normal in contest code: the stack may use all of the memory limit.
          stackBytes: limits.memoryMb * MIB,
          openFiles: OPEN_FILES,
          wipeFirst,
          ...(request.ignoreBrokenPipe ? { ignoreBrokenPipe: true } : {}),
          env: { ...DEFAULT_ENV, ...request.env },
          argv: request.argv,
        },
        request.signal,
      );
      const classified = classifyRun(report, limits);
      return {
        ...classified,
        stdout: request.stdoutPath ? Buffer.alloc(0) : readHead(stdoutPath, outputBytes),
        stdoutBytes: report.stdoutBytes,
        endedAtUs: report.endedUs,
        ...(report.inputClosedUs > 0 ? { inputClosedAtUs: report.inputClosedUs } : {}),
        stderr: readHeadAndTail(stderrPath, (limits.stderrKb ?? DEFAULT_STDERR_KB) * 1024),
      };
    } catch (error) {
      if (error instanceof SandboxError && this.box.gone()) throw this.goneError(error);
      throw error;
    }
  }

  /**
   * Sets the box's memory limit for the next run: the run's own limit on top of what the session
   * holds and cannot give back, so the program gets what it asked for. Whether the run stayed within
   * its limit is decided on its own peak (see classifyRun), not on the box's.
   */
  private fitMemoryLimit(memoryMb: number): void {
    const cgroup = this.box.cgroup;
    try {
      if (!this.reclaimed) {
        // Page cache charged while compiling (compiler binaries, headers) is not the program's.
        cgroup.reclaim();
        this.reclaimed = true;
      }
      const wantedBytes = memoryMb * MIB + cgroup.unreclaimableBytes();
      if (this.memoryLimitBytes >= wantedBytes && this.memoryLimitBytes <= wantedBytes + LIMIT_SLACK_BYTES) return;
      cgroup.setMemoryLimit(wantedBytes);
      this.memoryLimitBytes = wantedBytes;
    } catch (error) {
      if (this.box.gone()) throw this.goneError(error);
      throw new SandboxError('SANDBOX_FAILED', `could not set the memory limit of ${this.box.description}: ${(error as Error).message}`, { cause: error });
    }
  }

  private assertUsable(): void {
    if (this.disposed) throw new SandboxError('SANDBOX_FAILED', 'run() on a disposed sandbox session');
    if (!this.runner.alive) throw new SandboxError('SANDBOX_FAILED', `the sandbox runner of ${this.box.description} is not running`);
  }

  private goneError(cause: unknown): SandboxError {
    return new SandboxError('SANDBOX_FAILED', `the sandbox ${this.box.description} is gone (removed or crashed)`, { cause });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.release();
  }

  /** Ends the runner (and an operation under way), releases the box, removes the host files. */
  private async release(): Promise<void> {
    this.runner.close();
    const folder = this.folder;
    const [released] = await Promise.allSettled([this.box.release(), folder?.then((path) => rm(path, { recursive: true, force: true }))]);
    if (released.status === 'rejected') throw released.reason;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /**
   * Ends this session and makes its box as new for another session: new empty tmpfs mounts for
   * /box, /tmp and /sealed (nothing of this session's files, nor of the folders' own modes or
   * attributes, is left), a new network namespace for later runs, the memory limit as made, this
   * session's host files removed. The box's IPC and UTS namespaces stay: the runs' processes are all
   * gone (each run ends with its own PID namespace, which is checked), and nothing a program may do
   * leaves state in them (no capabilities; SysV IPC removed with its last process, message queues
   * and semaphores refused; keyrings refused by the seccomp filter). A box serves at most {@link MAX_BOX_SESSIONS} sessions.
   * @returns the new session, or null (the box released) when the box cannot serve again
   */
  async renew(): Promise<BoxSession | null> {
    if (this.disposed) return null;
    this.disposed = true; // no operation starts any more
    // Those under way end first (each checks, before it reaches the runner, that the session still
    // stands): nothing of this session happens in the box once it is renewed.
    await Promise.allSettled([...this.inFlight]);
    const reusable = this.box.refresh !== undefined && this.servedBefore + 1 < MAX_BOX_SESSIONS && this.runner.alive && !this.box.gone();
    if (!reusable || this.leftoverProcesses().length > 0) {
      await this.release().catch(() => {});
      return null;
    }
    try {
      const folder = this.folder;
      await Promise.all([this.box.refresh!(), folder?.then((path) => rm(path, { recursive: true, force: true }))]);
      this.box.cgroup.setMemoryLimit(this.madeMemoryLimitBytes);
      return new BoxSession({
        box: this.box,
        runner: this.runner,
        fileSizeBytes: this.fileSizeBytes,
        memoryLimitBytes: this.madeMemoryLimitBytes,
        servedBefore: this.servedBefore + 1,
      });
    } catch {
      this.runner.close();
      await this.box.release().catch(() => {});
      return null;
    }
  }
}
