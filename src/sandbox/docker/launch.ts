/**
 * Two ways to start a program in the session's container, with the same shape: through the
 * resident runner (a fork+exec per run) or, where the runner is not available, one `docker exec`
 * per run. Both deliver stdin, stream stdout/stderr into the given sinks and resolve with how the
 * program ended (null when that is unknown: the runner was killed).
 */
import { createReadStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { SandboxError } from '../errors.js';
import type { RunRequest, StdinSource } from '../types.js';
import { decodeWaitStatus, encodeFrame, FrameParser, INPUT_CHUNK_BYTES, runPayload } from './frames.js';

export const SANDBOX_USER = '65534:65534';
export const WORK_DIR = '/box';
/** Where a sealed session's program lives, owned by root: programs can read it, not change it. */
export const SEALED_DIR = '/sealed';
/** Where the runner binary is mounted in every container. */
export const RUNNER_PATH = '/.sonocode/runner';

export interface ProgramExit {
  exitCode: number | null;
  signalNumber: number | null;
}

export interface Launched {
  /** How the program ended; null when the runner died with it. */
  ended: Promise<ProgramExit | null>;
  /**
   * True when the launcher cannot tell on its own that the main process exited while children
   * still hold its stdout (docker exec waits for EOF): the session watches for that itself.
   */
  needsOrphanWatch: boolean;
}

const DEFAULT_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', TMPDIR: '/tmp' };

export function programEnv(request: RunRequest): Record<string, string> {
  return { ...DEFAULT_ENV, ...request.env };
}

/** Starts a process as the sandbox user with its stdin, stdout and stderr attached (one `docker exec`). */
export async function attachExec(
  container: Docker.Container,
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  failure: string,
  user = SANDBOX_USER,
): Promise<{ exec: Docker.Exec; stream: NodeJS.ReadWriteStream }> {
  try {
    const exec = await container.exec({
      Cmd: argv,
      User: user,
      WorkingDir: cwd,
      Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const stream = (await exec.start({ hijack: true, stdin: true })) as unknown as NodeJS.ReadWriteStream;
    return { exec, stream };
  } catch (error) {
    throw new SandboxError('SANDBOX_FAILED', `${failure}: ${(error as Error).message}`, { cause: error });
  }
}

/** Runs a short machinery command (not a program under test) to its end; returns its exit code and output. */
export async function execToEnd(
  docker: Docker,
  container: Docker.Container,
  argv: string[],
  user: string,
  failure: string,
): Promise<{ exitCode: number; output: string }> {
  const { exec, stream } = await attachExec(container, argv, '/', DEFAULT_ENV, failure, user);
  let output = '';
  const collect = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      output = (output + chunk.toString('utf8')).slice(-4096);
      done();
    },
  });
  const ended = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', resolve);
  });
  docker.modem.demuxStream(stream, collect, collect);
  stream.end();
  await ended;
  return { exitCode: await exitCodeOf(exec), output };
}

/** One `docker exec` per run. */
export async function launchWithExec(
  docker: Docker,
  container: Docker.Container,
  request: RunRequest,
  stdout: Writable,
  stderr: Writable,
): Promise<Launched> {
  const { exec, stream } = await attachExec(container, request.argv, request.cwd ?? WORK_DIR, programEnv(request), 'docker exec failed');
  const streamEnded = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', resolve); // a reset connection ends the run like EOF does
  });
  docker.modem.demuxStream(stream, stdout, stderr);
  feedStdin(stream, request.stdin ?? null);
  const ended = streamEnded.then(async () => {
    const exitCode = await exitCodeOf(exec);
    // docker exec reports a signal death as 128 + signal.
    if (exitCode > 128 && exitCode < 160) return { exitCode: null, signalNumber: exitCode - 128 };
    return { exitCode, signalNumber: null };
  });
  return { ended, needsOrphanWatch: true };
}

function feedStdin(stream: NodeJS.ReadWriteStream, stdin: StdinSource): void {
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

/** The exit code once the daemon has recorded the exit (it may lag the end of the stream under load). */
async function exitCodeOf(exec: Docker.Exec): Promise<number> {
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

/**
 * The resident runner: started with one `docker exec`, then told over its stdin to run each
 * program (native/runner.c documents the frames).
 */
export class RunnerConnection {
  private current: { stdout: Writable; stderr: Writable; finish: (exit: ProgramExit | null) => void; fail: (error: Error) => void } | null = null;
  private diagnostics = '';
  alive = true;

  private constructor(private readonly stream: NodeJS.ReadWriteStream) {}

  static async start(docker: Docker, container: Docker.Container): Promise<RunnerConnection> {
    const { stream } = await attachExec(container, [RUNNER_PATH], WORK_DIR, {}, 'could not start the sandbox runner');
    const connection = new RunnerConnection(stream);
    const parser = new FrameParser((type, payload) => connection.onFrame(type, payload));
    const diagnostics = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        connection.diagnostics = (connection.diagnostics + chunk.toString('utf8')).slice(-4096);
        done();
      },
    });
    docker.modem.demuxStream(stream, parser, diagnostics);
    const onEnd = () => connection.onEnd();
    stream.on('end', onEnd);
    stream.on('close', onEnd);
    stream.on('error', onEnd);
    return connection;
  }

  launch(request: RunRequest, stdout: Writable, stderr: Writable): Launched {
    if (!this.alive) throw new SandboxError('SANDBOX_FAILED', 'the sandbox runner is not running');
    if (this.current) throw new SandboxError('SANDBOX_FAILED', 'the sandbox runner is busy: runs in a session are sequential');
    const ended = new Promise<ProgramExit | null>((resolve, reject) => {
      this.current = { stdout, stderr, finish: resolve, fail: reject };
    });
    this.stream.write(encodeFrame('R', runPayload(request.cwd ?? WORK_DIR, programEnv(request), request.argv)));
    void this.sendInput(request.stdin ?? null, ended);
    return { ended, needsOrphanWatch: false };
  }

  /**
   * Empties folders (keeping the folders), as the sandbox user, without starting a process.
   * Resolves false when something could not be removed, or the runner died.
   */
  async wipe(dirs: string[]): Promise<boolean> {
    if (!this.alive) return false;
    if (this.current) throw new SandboxError('SANDBOX_FAILED', 'the sandbox runner is busy: runs in a session are sequential');
    const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
    const ended = new Promise<ProgramExit | null>((resolve, reject) => {
      this.current = { stdout: discard, stderr: discard, finish: resolve, fail: reject };
    });
    this.stream.write(encodeFrame('W', Buffer.from(dirs.map((dir) => `${dir}\0`).join(''), 'utf8')));
    const exit = await ended;
    return exit !== null && exit.exitCode === 0;
  }

  private async sendInput(stdin: StdinSource, ended: Promise<unknown>): Promise<void> {
    let finished = false;
    void ended.finally(() => (finished = true)).catch(() => {});
    const send = async (chunk: Buffer) => {
      for (let offset = 0; offset < chunk.length && !finished && this.alive; offset += INPUT_CHUNK_BYTES) {
        const ok = this.stream.write(encodeFrame('I', chunk.subarray(offset, offset + INPUT_CHUNK_BYTES)));
        if (!ok) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
      }
    };
    try {
      if (stdin !== null && 'path' in stdin) {
        for await (const chunk of createReadStream(stdin.path, { highWaterMark: INPUT_CHUNK_BYTES })) {
          if (finished || !this.alive) return;
          await send(chunk as Buffer);
        }
      } else if (stdin !== null) {
        await send(typeof stdin.text === 'string' ? Buffer.from(stdin.text) : stdin.text);
      }
      if (!finished && this.alive) this.stream.write(encodeFrame('C'));
    } catch {
      // the input file vanished or the runner died: the run ends through the runner
      if (!finished && this.alive) this.stream.write(encodeFrame('C'));
    }
  }

  private onFrame(type: string, payload: Buffer): void {
    const current = this.current;
    if (!current) return;
    switch (type) {
      case 'O':
        current.stdout.write(payload);
        break;
      case 'E':
        current.stderr.write(payload);
        break;
      case 'D':
        this.current = null;
        current.finish(decodeWaitStatus(payload.readInt32LE(0)));
        break;
      case 'F':
        this.current = null;
        current.fail(new SandboxError('SANDBOX_FAILED', `the sandbox runner could not start the program: ${payload.toString('utf8')}`));
        break;
    }
  }

  private onEnd(): void {
    if (!this.alive) return;
    this.alive = false;
    const current = this.current;
    this.current = null;
    // The runner says why on stderr only when it fails itself (native/runner.c, die()); otherwise it
    // was killed, and only a program of the run can have done that.
    const ownFailure = this.diagnostics.match(/sonocode-runner: .*/)?.[0];
    if (ownFailure) current?.fail(new SandboxError('SANDBOX_FAILED', `the sandbox runner failed: ${ownFailure}`));
    else current?.finish(null);
  }

  close(): void {
    this.alive = false;
    this.stream.end();
  }
}
