/**
 * One runner process (native/runner.c) per sandbox session: started on the host (by the judge's
 * runner spawner, ./spawner.ts), told which box to run programs in, then asked for one run at a time. It is out of the programs' reach: they
 * run in PID namespaces of their own and can neither see nor signal it.
 */
import type { Socket } from 'node:net';
import { SandboxError } from '../errors.js';
import type { BoxFile } from '../types.js';
import { connectRunner, type RunnerConnection } from './spawner.js';
import { encodeFrame, FrameParser, nulFields, parseKeyValues, parseRunReport, runPayload, type RunnerReport, type RunnerRunSpec } from './frames.js';

/** A scratch folder of a box: a tmpfs of `bytes` bytes, of mode `mode` (e.g. 0o1777). */
export interface ScratchFolder {
  dir: string;
  bytes: number;
  mode: number;
}

/** The box a runner serves: whose namespaces runs enter, which cgroup they join. */
export interface RunnerBox {
  /** Host pid of a process inside the box (its namespaces are joined for every run). */
  pid: number;
  /** The unprivileged user programs run as. */
  uid: number;
  gid: number;
  cgroupVersion: 1 | 2;
  /** The cgroup folder with the memory controller's files (memory.stat, …). */
  memoryDir: string;
  /** The cgroup folder with CPU accounting (cpuacct.usage on v1, cpu.stat on v2). */
  cpuDir: string;
  /** Every cgroup folder a program joins (one per v1 hierarchy, one on v2). */
  joinDirs: readonly string[];
}

type Pending = { resolve: (payload: Buffer) => void; reject: (error: Error) => void; kind: 'run' | 'seal' | 'init' | 'prepare' | 'box' | 'write' | 'scratch' | 'gather' };

export class RunnerProcess {
  private pending: Pending | null = null;
  private ended = false;
  private readonly exited: Promise<void>;
  private readonly socket: Socket;

  private constructor(private readonly connection: RunnerConnection) {
    const socket = (this.socket = connection.socket);
    const parser = new FrameParser((type, payload) => this.onFrame(type, payload));
    if (connection.rest.length > 0) parser.write(connection.rest);
    socket.pipe(parser);
    socket.resume();
    this.exited = new Promise((resolve) => socket.once('close', () => resolve()));
    // The runner holds its end of the connection until it exits: the connection's end is the runner's.
    socket.once('close', () => this.onEnd());
  }

  /**
   * Starts a runner for a box and waits until it has opened the box's namespaces and cgroup.
   * @throws SandboxError SANDBOX_FAILED when it cannot (not root, the box is gone)
   */
  static async start(binary: string, box: RunnerBox): Promise<RunnerProcess> {
    const runner = await RunnerProcess.launch(binary);
    await runner.init(box);
    return runner;
  }

  /**
   * Starts a runner that serves no box yet: make one (makeBubblewrapBox) or name one (init) next.
   * It comes from this process's runner spawner (./spawner.ts), not from a spawn of the judge.
   * @throws SandboxError SANDBOX_FAILED when no runner can be started
   */
  static async launch(binary: string): Promise<RunnerProcess> {
    return new RunnerProcess(await connectRunner(binary));
  }

  /**
   * Has the runner make the box with bubblewrap, as its own child (the judge starts no process of
   * its own for it): `argv` is bubblewrap's path and arguments, its `--info-fd` 3. Resolves once
   * the box's holder runs, every mount in place; the box ends when the runner does.
   * @returns the host pids of the holder (whose namespaces are the box's) and of bubblewrap
   * @throws SandboxError SANDBOX_FAILED with bubblewrap's own reason when it cannot make the box
   */
  async makeBubblewrapBox(argv: readonly string[]): Promise<{ holderPid: number; bubblewrapPid: number }> {
    const values = parseKeyValues(await this.request('box', encodeFrame('B', nulFields(argv))));
    return { holderPid: Number(values.get('holder')), bubblewrapPid: Number(values.get('bwrap')) };
  }

  /**
   * Tells the runner which box to run programs in (its first request, or the one after
   * makeBubblewrapBox) and waits until it has opened the box's namespaces and cgroup.
   * @throws SandboxError SANDBOX_FAILED when it cannot (not root, the box is gone)
   */
  async init(box: RunnerBox): Promise<void> {
    await this.request(
      'init',
      encodeFrame('I', nulFields([box.pid, box.uid, box.gid, box.cgroupVersion, box.memoryDir, box.cpuDir, ...box.joinDirs])),
    );
  }

  /**
   * Ends the runner (and a run in progress, and a box it made) and resolves once it has exited;
   * a runner still there after `graceMs` milliseconds is killed.
   */
  async closeAndWait(graceMs = 5_000): Promise<void> {
    this.close();
    if (this.ended) return;
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The runner's host pid. */
  get pid(): number {
    return this.connection.pid;
  }

  get alive(): boolean {
    return !this.ended;
  }

  /**
   * Runs one program. An abort stops it at once (the whole run is killed) and rejects with the
   * signal's reason once nothing of the run is left.
   * @throws SandboxError SANDBOX_FAILED when the run could not be set up or the runner died
   */
  async run(spec: RunnerRunSpec, signal?: AbortSignal): Promise<RunnerReport> {
    signal?.throwIfAborted();
    const stop = () => {
      if (!this.ended) this.socket.write(encodeFrame('K'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const report = parseRunReport(await this.request('run', encodeFrame('R', runPayload(spec))));
      if (report.stopped === 'killed') signal?.throwIfAborted();
      return report;
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }

  /**
   * Makes folders of a new box the sandbox user's (mode 0755) and closes the box's IPC (shared
   * memory goes with its last process; no message queues, semaphores or POSIX queues).
   * @throws SandboxError SANDBOX_FAILED when it cannot
   */
  async prepareBox(userDirs: readonly string[]): Promise<void> {
    const payload = await this.request('prepare', encodeFrame('P', nulFields(userDirs)));
    const status = Number(parseKeyValues(payload).get('status') ?? -1);
    if (status !== 0) throw new SandboxError('SANDBOX_FAILED', `could not prepare the sandbox (wait status ${status})`);
  }

  /**
   * Places files in a folder of the box, as the sandbox user, without starting a run: folders on
   * a path are made, no link is followed. The whole batch travels in one frame (keep it well under
   * 1 MiB). Resolves with 0, or the errno that stopped it (EINVAL: a path with an empty, `.` or `..`
   * part; ENOSPC: the box's scratch space is full).
   */
  async writeFiles(dir: string, files: readonly BoxFile[]): Promise<number> {
    const header = nulFields([dir, files.length, ...files.flatMap((file) => [file.path, file.mode.toString(8), file.content.length])]);
    return errnoOf(await this.request('write', encodeFrame('W', Buffer.concat([header, ...files.map((file) => file.content)]))));
  }

  /**
   * Replaces scratch folders of a box the runner made with new empty tmpfs mounts (nosuid, nodev) of
   * the given size in bytes and mode; resolves with the wait status of the runner's helper (0: done).
   */
  async freshScratch(folders: readonly ScratchFolder[]): Promise<number> {
    const payload = await this.request('scratch', encodeFrame('C', nulFields(folders.flatMap((folder) => [folder.dir, folder.bytes, folder.mode.toString(8)]))));
    return Number(parseKeyValues(payload).get('status') ?? -1);
  }

  /**
   * Copies a folder of the box to another, as root inside the box, never following a link;
   * resolves with 0, or the errno that stopped it.
   */
  async seal(sourceDir: string, targetDir: string): Promise<number> {
    return errnoOf(await this.request('seal', encodeFrame('S', nulFields([sourceDir, targetDir]))));
  }

  /**
   * Writes the regular files under a folder of the box to a new host file (`hostPath`, which must
   * not exist), read as the sandbox user, no link followed: records `path \0 mode (octal) \0 size
   * \0` then the bytes (see parseGathered). Resolves with 0, or the errno that stopped it (E2BIG:
   * more than `maxBytes` bytes of files).
   */
  async gather(dir: string, hostPath: string, maxBytes: number): Promise<number> {
    return errnoOf(await this.request('gather', encodeFrame('G', nulFields([dir, hostPath, maxBytes]))));
  }

  /** Ends the runner (and a run in progress); safe to call twice. */
  close(): void {
    if (this.ended) return;
    this.socket.end();
  }

  /** Ends the runner at once. */
  kill(): void {
    if (this.ended) return;
    // Its connection still open, the runner has not exited: its pid is its own.
    try {
      process.kill(this.connection.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    this.socket.destroy();
  }

  private request(kind: Pending['kind'], frame: Buffer): Promise<Buffer> {
    if (this.ended) return Promise.reject(this.failure('the sandbox runner is not running'));
    if (this.pending) return Promise.reject(new SandboxError('SANDBOX_FAILED', 'the sandbox runner is busy: runs in a session are sequential'));
    return new Promise<Buffer>((resolve, reject) => {
      this.pending = { resolve, reject, kind };
      this.socket.write(frame);
    });
  }

  private onFrame(type: string, payload: Buffer): void {
    const pending = this.pending;
    if (!pending) return;
    if (type === 'Y' || type === 'D') {
      this.pending = null;
      pending.resolve(payload);
    } else if (type === 'F') {
      this.pending = null;
      pending.reject(new SandboxError('SANDBOX_FAILED', `the sandbox runner could not ${describe(pending.kind)}: ${payload.toString('utf8')}`));
    }
  }

  private onEnd(): void {
    this.ended = true;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(this.failure('the sandbox runner ended'));
  }

  private failure(message: string): SandboxError {
    const said = this.connection.diagnostics();
    return new SandboxError('SANDBOX_FAILED', said ? `${message}: ${said}` : message);
  }
}

function describe(kind: Pending['kind']): string {
  return { box: 'make the sandbox', gather: 'read files back from the sandbox', scratch: 'renew the scratch folders', write: 'place files in the sandbox', init: 'start', seal: 'seal the program', prepare: 'prepare the sandbox', run: 'run the program' }[kind];
}

/**
 * The errno a runner helper ended with, from its `status=<wait status>` answer: its exit code (0:
 * done), or -1 when it was killed or never started.
 */
function errnoOf(payload: Buffer): number {
  const status = Number(parseKeyValues(payload).get('status') ?? -1);
  return status === 0 ? 0 : status > 0 && (status & 0x7f) === 0 ? status >> 8 : -1;
}

/**
 * The files of a runner's gather (RunnerProcess.gather): `path \0 mode \0 size \0` then the bytes, each.
 * @throws Error on a truncated or malformed pack
 */
export function parseGathered(pack: Buffer): BoxFile[] {
  const files: BoxFile[] = [];
  let offset = 0;
  const field = () => {
    const end = pack.indexOf(0, offset);
    if (end < 0) throw new Error(`malformed file pack at byte ${offset}`);
    const text = pack.toString('utf8', offset, end);
    offset = end + 1;
    return text;
  };
  while (offset < pack.length) {
    const path = field();
    const mode = parseInt(field(), 8);
    const size = Number(field());
    if (!Number.isSafeInteger(size) || size < 0 || offset + size > pack.length) throw new Error(`truncated file pack at ${path}`);
    files.push({ path, content: Buffer.from(pack.subarray(offset, offset + size)), mode });
    offset += size;
  }
  return files;
}
