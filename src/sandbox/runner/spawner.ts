/**
 * Where runners come from: one spawner process per judge process (native/runner.c, started with
 * SONOCODE_RUNNER_SOCKET in its environment), which forks a runner for each box on request. The
 * runner connects back to the judge's Unix socket and serves the judge on that connection.
 *
 * Why not spawn each runner from the judge: a spawn forks the judge process, whose page tables
 * (a Node process of a hundred MiB and more) are copied and then thrown away by the exec, on the
 * judge's event loop — ~3 ms a box, and more the larger the judge. The spawner is a small static
 * process: its fork costs microseconds, off the judge's event loop.
 *
 * The socket lives in a folder only root may enter (the judge runs as root); runners die with the
 * spawner (PR_SET_PDEATHSIG) and the spawner with the judge, so nothing outlives a judge that dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { SandboxError } from '../errors.js';
import { makeSessionFolderSync } from '../host-files.js';
import { FRAME_HEADER_BYTES } from './frames.js';

/** A runner connected to the judge. */
export interface RunnerConnection {
  /** Frames both ways. */
  socket: Socket;
  /** The runner's host pid. */
  pid: number;
  /** Bytes that came after the runner's hello (frames already on their way). */
  rest: Buffer;
  /** The last line the runner wrote to the spawner's standard error, if any (its reason for failing). */
  diagnostics(): string;
}

/** How long a runner may take to connect, in milliseconds. */
const CONNECT_TIMEOUT_MS = 10_000;

type Waiting = { resolve: (connection: RunnerConnection) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

class RunnerSpawner {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private diagnosticsText = '';
  private ended = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly server: Server,
    private readonly folder: string,
  ) {
    child.stderr!.on('data', (chunk: Buffer) => (this.diagnosticsText = (this.diagnosticsText + chunk.toString('utf8')).slice(-16_384)));
    child.stdin!.on('error', () => {}); // a dead spawner is reported through 'exit'
    child.once('exit', (code, signal) => this.end(`the sandbox runners' spawner ended (${signal ?? `exit code ${code}`})`));
    child.once('error', (error) => this.end(`the sandbox runners' spawner could not start: ${error.message}`));
    server.on('connection', (socket) => this.greet(socket));
    // A judge that exits takes its socket's folder along (the spawner would too, a moment later).
    const removeFolder = () => rmSync(folder, { recursive: true, force: true });
    process.once('exit', removeFolder);
    child.once('exit', () => process.off('exit', removeFolder));
    // Neither keeps a judge that is done (a CLI) from exiting; a runner in use does, through its socket.
    child.unref();
    (child.stdin as Socket).unref();
    (child.stderr as Socket).unref();
    server.unref();
  }

  /** Starts a spawner of the runner `binary`, listening for its runners on a new socket. */
  static async start(binary: string): Promise<RunnerSpawner> {
    // 0700: only root connects. Removed by the spawner when the judge ends, by `reap` if both died.
    const folder = makeSessionFolderSync();
    const socketPath = join(folder, 'socket');
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    // argv0: what a run's init shows as /proc/1/cmdline (it is a fork of a runner): no host path.
    const child = spawn(binary, [], {
      argv0: 'sonocode-runner',
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, SONOCODE_RUNNER_SOCKET: socketPath },
    });
    return new RunnerSpawner(child, server, folder);
  }

  get alive(): boolean {
    return !this.ended;
  }

  /**
   * A new runner, connected.
   * @throws SandboxError SANDBOX_FAILED when the spawner is gone or the runner does not connect in time
   */
  connect(): Promise<RunnerConnection> {
    if (this.ended) return Promise.reject(this.failure('the sandbox runners\' spawner is not running'));
    const id = this.nextId++;
    return new Promise<RunnerConnection>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(this.failure(`no sandbox runner connected within ${CONNECT_TIMEOUT_MS} ms`));
      }, CONNECT_TIMEOUT_MS);
      this.waiting.set(id, { resolve, reject, timer });
      this.child.stdin!.write(`${id}\n`);
    });
  }

  /** Reads a new connection's hello (`H` id \0 pid \0) and hands it to whoever asked for it. */
  private greet(socket: Socket): void {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < FRAME_HEADER_BYTES) return;
      const length = received.readUInt32LE(1);
      if (received.length < FRAME_HEADER_BYTES + length) return;
      socket.off('data', onData);
      socket.pause();
      const [id, pid] = received.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length).toString('utf8').split('\0').map(Number);
      const waiting = received[0] === 'H'.charCodeAt(0) ? this.waiting.get(id!) : undefined;
      if (!waiting) {
        socket.destroy();
        return;
      }
      this.waiting.delete(id!);
      clearTimeout(waiting.timer);
      waiting.resolve({
        socket,
        pid: pid!,
        rest: received.subarray(FRAME_HEADER_BYTES + length),
        diagnostics: () => this.diagnosticsText.split('\n').filter((line) => line.startsWith(`sonocode-runner[${pid}]`)).pop() ?? '',
      });
    };
    socket.on('data', onData);
    socket.on('error', () => {}); // reported by its user, through 'close'
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.server.close();
    rmSync(this.folder, { recursive: true, force: true });
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(this.failure(reason));
    }
    this.waiting.clear();
  }

  private failure(message: string): SandboxError {
    const said = this.diagnosticsText.trim().split('\n').pop();
    return new SandboxError('SANDBOX_FAILED', said ? `${message}: ${said}` : message);
  }
}

/** The spawner of each runner binary in this process (started on first use, again if it died). */
const spawners = new Map<string, Promise<RunnerSpawner>>();

/**
 * A new runner of `binary`, connected to this process.
 * @throws SandboxError SANDBOX_FAILED when no runner can be started (not root, the binary is gone)
 */
export async function connectRunner(binary: string): Promise<RunnerConnection> {
  let spawner = spawners.get(binary);
  if (spawner && !(await spawner.catch(() => null))?.alive) spawner = undefined;
  if (!spawner) {
    spawner = RunnerSpawner.start(binary);
    spawners.set(binary, spawner);
    spawner.catch(() => spawners.delete(binary));
  }
  return (await spawner).connect();
}
