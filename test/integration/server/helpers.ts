/**
 * Helpers of the server integration tests: a real Redis of their own on a free loopback port
 * (stopped by pid), server processes spawned from the built CLI (`bin/sonocode.js serve`), a
 * WebSocket client that records frames, and bounded waits. Nothing here mocks anything.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { JudgeEvent } from '../../../src/judge/events.js';
import { progressRank, type ServerFrame, type StatusMessage } from '../../../src/protocol/index.js';

export const ROOT = resolve(import.meta.dirname, '../../..');
/** The built CLI; roles run as `sonocode serve --role …`. */
export const BIN = join(ROOT, 'bin/sonocode.js');
const BUILT_ENTRY = join(ROOT, 'dist/cli/main.js');

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `sonocode-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 30_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await sleep(everyMs);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Builds dist/ when it is missing or older than src/ (CI builds before testing). */
export function ensureBuilt(): void {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const path = join(dir, entry.name);
      return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  let built = 0;
  try {
    built = statSync(BUILT_ENTRY).mtimeMs;
  } catch {
    built = 0;
  }
  const sources = Math.max(...['server', 'protocol', 'client', 'cli', 'judge', 'sandbox'].map((layer) => newest(join(ROOT, 'src', layer))));
  if (built >= sources) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
      cwd: ROOT,
      stdio: 'inherit',
      timeout: 170_000,
    });
  } catch (error) {
    // tsc emits even when another part of the tree has type errors; what matters here is dist/server
    if ((statSync(BUILT_ENTRY, { throwIfNoEntry: false })?.mtimeMs ?? 0) < sources) throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Redis

export interface RedisServer {
  port: number;
  url: string;
  pid(): number;
  /** Stops it (SIGKILL by default: a crash) and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

async function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolveAnswer(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export async function startRedis(options: { appendonly?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = tempDir('redis');
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      '/usr/bin/redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', options.appendonly ? 'yes' : 'no', '--dir', dir.path],
      { stdio: 'ignore' },
    );
    await waitFor(() => redisAnswers(port), `redis-server on port ${port}`, 10_000, 50);
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid ?? 0,
    kill: async (signal = 'SIGKILL') => {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise((resolveExit) => current.once('exit', resolveExit));
      current.kill(signal);
      await exited;
    },
    start,
  };
}

// ---------------------------------------------------------------------------------------------
// Server processes

export interface RoleProcess {
  role: string;
  child: ChildProcess;
  pid: number;
  /** The `http://…` it listens on (api, socket). */
  url: string | null;
  stderr: () => string;
  /** Resolves with the first stderr line matching. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  alive(): boolean;
}

export async function spawnRole(role: string, args: string[], timeoutMs = 30_000): Promise<RoleProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--role', role, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const logWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of [...logWaiters]) {
      const line = stderr.split('\n').find((candidate) => waiter.pattern.test(candidate));
      if (line) {
        logWaiters.splice(logWaiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const ready = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`${role} exited with ${child.exitCode}: ${stderr}`);
      return /sonocode serve: .*(listening on (\S+)|ready)/.exec(stdout);
    },
    `the ${role} process to be ready`,
    timeoutMs,
    50,
  );
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return {
    role,
    child,
    pid: child.pid!,
    url: ready[2] ?? null,
    stderr: () => stderr,
    waitForLog: (pattern, waitMs = 60_000) =>
      new Promise((resolveLine, reject) => {
        const line = stderr.split('\n').find((candidate) => pattern.test(candidate));
        if (line) return resolveLine(line);
        const timer = setTimeout(() => reject(new Error(`no log line matching ${pattern} from ${role} within ${waitMs} ms`)), waitMs);
        logWaiters.push({
          pattern,
          resolve: (found) => {
            clearTimeout(timer);
            resolveLine(found);
          },
        });
      }),
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}

// ---------------------------------------------------------------------------------------------
// WebSocket

export interface RecordingSocket {
  frames: ServerFrame[];
  statuses(): StatusMessage[];
  send(frame: unknown): void;
  /** The next frame matching, waiting at most `timeoutMs`. */
  next(predicate: (frame: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens a socket (`?token=` when given) and records every frame it receives. */
export async function openSocket(url: string, token?: string): Promise<RecordingSocket> {
  const ws = new WebSocket(token ? `${url}?token=${encodeURIComponent(token)}` : url);
  const frames: ServerFrame[] = [];
  const waiters: { predicate: (frame: ServerFrame) => boolean; resolve: (frame: ServerFrame) => void; from: number }[] = [];
  let seen = 0;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    frames.push(frame);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(frame)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolveClose) =>
    ws.on('close', (code, reason) => resolveClose({ code, reason: reason.toString() })),
  );
  ws.on('error', () => {});
  await new Promise<void>((resolveOpen, reject) => {
    ws.once('open', () => resolveOpen());
    ws.once('error', reject);
  });
  return {
    frames,
    statuses: () => frames.filter((frame): frame is StatusMessage => frame.type === 'status'),
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next: (predicate, timeoutMs = 30_000) => {
      const found = frames.slice(seen).find(predicate);
      if (found) {
        seen = frames.indexOf(found) + 1;
        return Promise.resolve(found);
      }
      return new Promise((resolveFrame, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(-5))}`)), timeoutMs);
        waiters.push({
          predicate,
          from: frames.length,
          resolve: (frame) => {
            clearTimeout(timer);
            seen = frames.indexOf(frame) + 1;
            resolveFrame(frame);
          },
        });
      });
    },
    closed,
    close: () => ws.close(),
  };
}

/** The order a submission's status messages must follow: pending → compiling → running (test by test) → done. */
export function statusRank(message: StatusMessage): number {
  if (message.event === 'queued') return 0;
  if (message.event === 'snapshot') return -1;
  // the other events stand for judge events, ranked as the server ranks progress
  return progressRank({ type: message.event, index: message.test?.index ?? 0 } as JudgeEvent);
}

/** Checks one submission's messages: starts pending, ends done, never goes backwards. Returns what is wrong, or null. */
export function orderProblem(messages: StatusMessage[]): string | null {
  const live = messages.filter((message) => message.event !== 'snapshot');
  if (live.length === 0) return 'no messages';
  if (live[0].event !== 'queued') return `first message is ${live[0].event}, not queued (pending)`;
  if (live[live.length - 1].event !== 'finished') return `last message is ${live[live.length - 1].event}, not finished (done)`;
  for (let i = 1; i < live.length; i++) {
    if (statusRank(live[i]) <= statusRank(live[i - 1])) return `${live[i].event} after ${live[i - 1].event} (message ${i})`;
  }
  if (live.filter((message) => message.event === 'finished').length !== 1) return 'done more than once';
  return null;
}
