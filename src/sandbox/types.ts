/**
 * The sandbox contract (after isolate: prepare → run → dispose).
 *
 * A program's failure — a non-zero exit, a signal, a limit hit — is data in a {@link RunResult};
 * only a failure of the sandbox machinery itself throws (a {@link SandboxError}).
 * This folder knows nothing of problems, verdicts or languages.
 */

/** Limits for one run inside a session. */
export interface RunLimits {
  /** CPU time of every process of the run together, in milliseconds. */
  cpuTimeMs: number;
  /** Wall-clock time, in milliseconds. A sleeping program is stopped here. */
  wallTimeMs: number;
  /** Memory of every process of the run together, in MiB (memory + swap). */
  memoryMb: number;
  /** Bytes of standard output kept, in KiB; more is an output-limit result. */
  outputKb: number;
  /** Bytes of standard error kept, in KiB; more is cut from the middle (head and tail kept). @defaultValue 64 */
  stderrKb?: number;
}

/**
 * Where a run's standard input comes from: a host file (given to the program as it is, a regular
 * file it may seek or mmap), text (written to a file first), or nothing (/dev/null). A named pipe
 * (FIFO) is opened as a pipe: two runs in two sessions talk through a pair of them (interactive
 * problems); the reading end is opened first and the writing end waits for its reader, at most
 * the wall limit.
 */
export type StdinSource = { path: string } | { text: string | Buffer } | null;

export interface RunRequest {
  /** Program and arguments; the program is an absolute path inside the sandbox. */
  argv: string[];
  /** Working directory inside the sandbox. @defaultValue the session's work dir (the sealed program after seal()) */
  cwd?: string;
  env?: Record<string, string>;
  stdin?: StdinSource;
  /**
   * A host file that becomes the program's standard output (a regular file, created or truncated,
   * growing at most a little past limits.outputKb; or an existing named pipe, see {@link StdinSource});
   * otherwise standard output is returned in {@link RunResult.stdout}.
   */
  stdoutPath?: string;
  limits: RunLimits;
  /** Aborting stops the run at once (every process of it killed); run() then rejects with the reason. */
  signal?: AbortSignal;
  /**
   * Start the program with SIGPIPE ignored: writing to a pipe nobody reads fails with EPIPE instead
   * of killing it (an interactor whose submission is gone still gives its verdict). @defaultValue false
   */
  ignoreBrokenPipe?: boolean;
}

/**
 * How a run ended.
 * - `exited`: the program exited by itself (see exitCode);
 * - `signaled`: a signal ended it (see signal);
 * - `cpu-time-limit`, `wall-time-limit`, `memory-limit`, `output-limit`: the sandbox stopped it.
 */
export type RunStatus =
  | 'exited'
  | 'signaled'
  | 'cpu-time-limit'
  | 'wall-time-limit'
  | 'memory-limit'
  | 'output-limit';

export interface RunResult {
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  /** CPU time of every process of the run (user + system, children it never waited for included), in milliseconds. */
  cpuMs: number;
  /** Wall-clock time from start to the end of its last process, in milliseconds. */
  wallMs: number;
  /**
   * Peak resident memory of the run, in KiB: for a single process what `/usr/bin/time -v` reports
   * as its maximum resident set size; for several processes their anonymous and tmpfs memory
   * together when that is more; at least the limit for a run stopped at the memory limit. Page
   * cache of files read is not counted. docs/sandbox.md says how.
   */
  memoryKb: number;
  /** Standard output when no stdoutPath was given (at most limits.outputKb). */
  stdout: Buffer;
  /**
   * When the run ended — its program exited (as the run's init reaped it), or the sandbox stopped
   * it — on the host's monotonic clock (CLOCK_MONOTONIC), in microseconds: comparable between runs
   * on one host (it orders two runs that talk, an interactive problem's), meaningless elsewhere.
   */
  endedAtUs: number;
  /**
   * For standard input from a pipe: when its last writer closed it (the program writing to it ended
   * or closed its output), on the same clock as {@link endedAtUs}; absent when that did not happen
   * while this run lasted. It tells an interactor that ended on its input's end-of-file from one
   * that ended first.
   */
  inputClosedAtUs?: number;
  /** Bytes of standard output the program wrote (the file's size; a little past the limit at most). */
  stdoutBytes: number;
  /** Standard error within limits.stderrKb: its head and its tail when it was longer. */
  stderr: string;
}

/** A file placed into the session's work directory. */
export interface SandboxFile {
  /** Path relative to the work directory. */
  path: string;
  content: string | Buffer;
  executable?: boolean;
}

export interface PrepareOptions {
  /**
   * The most memory any run of this session may ask for, in MiB. Runs ask for less; the
   * backend may size the session for this.
   */
  maxMemoryMb: number;
  /** Processes (and threads) the session may hold at once. @defaultValue 64 */
  processLimit?: number;
  /** Size of the writable scratch space, in MiB. @defaultValue 256 */
  scratchMb?: number;
  /** Largest file a program may write, in MiB. @defaultValue 64 */
  fileSizeMb?: number;
  /** Image the session runs in (backend-specific); the default runtime when omitted. */
  image?: string;
  /** Free-form labels for operators (container labels on Docker). */
  labels?: Record<string, string>;
}

/** A regular file of a box, with its bytes: placed by the runner, or read back from the box (gatherFiles, tar). */
export interface BoxFile {
  /** Path relative to the folder it was placed in or read from. */
  path: string;
  content: Buffer;
  /** Permission bits, e.g. 0o755. */
  mode: number;
}

/** One isolated place where a submission's programs run, one after another. */
export interface SandboxSession {
  /** The work directory inside the sandbox, where files are placed and programs start. */
  readonly workDir: string;
  writeFiles(files: SandboxFile[]): Promise<void>;
  /**
   * Freezes the work directory as it is now (the compiled program) for every later run: runs start
   * in a copy the program cannot change, and each gets empty scratch space (the work directory and
   * /tmp emptied first), so nothing one run leaves behind reaches the next.
   */
  seal(): Promise<void>;
  /**
   * Runs a program under its limits. The program's failure (a crash, a limit) is data in the result.
   * @throws RangeError when a limit is missing or not a positive number
   * @throws SandboxError SANDBOX_FAILED when the sandbox itself fails (the program could not start, the box is gone)
   */
  run(request: RunRequest): Promise<RunResult>;
  /** Releases everything; safe to call twice. */
  dispose(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
  /**
   * Ends this session and makes its box as new for another one (another submission): every
   * scratch folder a new empty file system, no process left, the memory limit as when made. Resolves
   * with the new session, or null when the box cannot serve again (then it is released). Only
   * backends whose boxes may be reused have it (native); a warm pool uses it. Never rejects.
   */
  renew?(): Promise<SandboxSession | null>;
  /**
   * The regular files under a folder of the box, read as the sandbox user without starting a run,
   * no link followed: null when there are more than `maxBytes` bytes of them or they cannot be
   * read. Sessions over a box with a runner have it.
   */
  gatherFiles?(folder: string, maxBytes: number): Promise<BoxFile[] | null>;
}

export interface SandboxBackend {
  readonly name: string;
  /** Throws a SandboxError saying what is wrong and how to fix it when the backend cannot run. */
  check(): Promise<void>;
  /**
   * Makes a session: a box of its own, sized by the options.
   * @throws RangeError when `maxMemoryMb` is missing or a size is not a positive number
   * @throws SandboxError when the box cannot be made (SANDBOX_UNAVAILABLE, SANDBOX_PERMISSION, SANDBOX_IMAGE, SANDBOX_FAILED)
   */
  prepare(options: PrepareOptions): Promise<SandboxSession>;
  /** Removes what crashed processes left behind; returns how many were removed. */
  reap(): Promise<number>;
  /** Waits for what the backend still releases in the background (sessions already disposed). */
  close?(): Promise<void>;
}
