/**
 * A sonocode platform of real processes on loopback, for fault injection: a Redis of its own (on a
 * free port, stopped by pid), and api, worker and socket roles of the built CLI (`sonocode serve
 * --role …`) sharing one SQLite file. Every role can be killed with SIGKILL and started again on
 * the same port; the memory (RSS) of every process can be read, and what dead workers left behind
 * (sandbox containers, session folders) found. Used by the fault-injection suite in CI
 * (test/integration/server/faults.test.ts) and by `npm run chaos` (test/chaos/main.ts).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, spawnRole, startRedis, waitFor, type RedisServer, type RoleProcess } from '../integration/server/helpers.js';

const run = promisify(execFile);

export const CLUSTER_ADMIN_TOKEN = 'cluster-admin-token-0123456789abcdef';

export interface ClusterOptions {
  /** The SQLite file every role shares. */
  dbPath: string;
  workers: number;
  sockets: number;
  /** `--workers-concurrency` of each worker. */
  workerConcurrency: number;
  /** More `serve` flags for every role (timeouts, heartbeats, …). */
  flags?: string[];
  /** Redis writes its data to disk (appendonly), so a restart keeps the queues. @defaultValue true */
  redisPersistence?: boolean;
  /** Called once Redis runs and before any role starts (e.g. to hold a lock on the database). */
  beforeRoles?: () => Promise<void> | void;
}

export class Cluster {
  /** Every role process started, dead ones included (their logs stay readable). */
  readonly started: RoleProcess[] = [];
  workers: RoleProcess[] = [];
  sockets: (RoleProcess | null)[] = [];
  api!: RoleProcess;

  private constructor(
    readonly redis: RedisServer,
    private readonly options: ClusterOptions,
    readonly apiPort: number,
    readonly socketPorts: number[],
  ) {}

  /** Starts Redis, then every role at the same moment (as an operator's script would). */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const redis = await startRedis({ appendonly: options.redisPersistence ?? true });
    const ports = await Promise.all(Array.from({ length: options.sockets + 1 }, () => freePort()));
    const cluster = new Cluster(redis, options, ports[0], ports.slice(1));
    try {
      await options.beforeRoles?.();
      const [api, ...rest] = await Promise.all([
        cluster.spawn('api', ['--port', String(cluster.apiPort)]),
        ...Array.from({ length: options.workers }, () => cluster.spawn('worker', [])),
        ...cluster.socketPorts.map((port) => cluster.spawn('socket', ['--port', String(port)])),
      ]);
      cluster.api = api;
      cluster.workers = rest.slice(0, options.workers);
      cluster.sockets = rest.slice(options.workers);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** The flags every role gets. */
  get commonFlags(): string[] {
    const { dbPath, workerConcurrency, flags = [] } = this.options;
    return ['--redis', this.redis.url, '--db', dbPath, '--admin-token', CLUSTER_ADMIN_TOKEN, '--log-level', 'info', '--workers-concurrency', String(workerConcurrency), '--rate-limit', '1000000', ...flags];
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  /** `ws://…/ws` of the socket instances alive now. */
  liveSocketUrls(): string[] {
    return this.sockets.flatMap((socket, i) => (socket?.alive() ? [`ws://127.0.0.1:${this.socketPorts[i]}/ws`] : []));
  }

  socketUrl(index: number): string {
    return `ws://127.0.0.1:${this.socketPorts[index]}/ws`;
  }

  async spawn(role: 'api' | 'worker' | 'socket', flags: string[]): Promise<RoleProcess> {
    const process = await spawnRole(role, [...this.commonFlags, ...flags], 60_000);
    this.started.push(process);
    return process;
  }

  /** SIGKILL, then waits for the process to be gone. */
  static async kill(process: RoleProcess): Promise<void> {
    await process.kill('SIGKILL');
    await waitFor(() => !process.alive(), `${process.role} ${process.pid} to die`, 10_000, 20);
  }

  /** A new api on the same port. */
  async restartApi(): Promise<RoleProcess> {
    this.api = await this.spawn('api', ['--port', String(this.apiPort)]);
    return this.api;
  }

  async addWorker(): Promise<RoleProcess> {
    const worker = await this.spawn('worker', []);
    this.workers.push(worker);
    return worker;
  }

  async restartSocket(index: number): Promise<RoleProcess> {
    const socket = await this.spawn('socket', ['--port', String(this.socketPorts[index])]);
    this.sockets[index] = socket;
    return socket;
  }

  /** Kills Redis (SIGKILL), emptied first when asked (its appendonly file then holds nothing). */
  async killRedis(options: { empty?: boolean } = {}): Promise<void> {
    if (options.empty) {
      const client = new Redis(this.redis.url);
      await client.flushall();
      client.disconnect();
    }
    await this.redis.kill('SIGKILL');
  }

  /** Resident memory of every live role process, in MiB, by `role:pid`. */
  rssMb(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const process of this.started) {
      if (!process.alive()) continue;
      const kb = rssKb(process.pid);
      if (kb !== null) out[`${process.role}:${process.pid}`] = Math.round(kb / 1024);
    }
    return out;
  }

  /** Workers started here that are dead now (killed, or stopped). */
  deadWorkerPids(): number[] {
    return this.started.filter((process) => process.role === 'worker' && !process.alive()).map((process) => process.pid);
  }

  /** Drains every live role (SIGTERM), then stops Redis. */
  async stop(): Promise<void> {
    await Promise.all(this.started.filter((process) => process.alive()).map((process) => process.kill('SIGTERM')));
    await this.redis.kill('SIGTERM');
  }

  /** Every role's log, for a failing test. */
  logs(): string {
    return this.started.map((process) => `----- ${process.role} ${process.pid}\n${process.stderr()}`).join('\n');
  }
}

export function rssKb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** What judges with these pids left on this machine: sandbox containers and session folders. */
export async function leftoversOf(pids: readonly number[]): Promise<{ containers: number; folders: number }> {
  if (pids.length === 0) return { containers: 0, folders: 0 };
  const owners = new Set(pids.map((pid) => `${hostname()}/${pid}`));
  const { stdout } = await run('docker', ['ps', '-a', '--filter', 'label=dev.sonocode.sandbox', '--format', '{{.Label "dev.sonocode.owner"}}']);
  const containers = stdout.split('\n').filter((owner) => owners.has(owner.trim())).length;
  const prefixes = pids.map((pid) => `sonocode-box-${hostname()}-${pid}-`);
  const folders = readdirSync(tmpdir()).filter((name) => prefixes.some((prefix) => name.startsWith(prefix))).length;
  return { containers, folders };
}

/** How many submissions each worker log says it judged to the end, by submission id. */
export function judgedCounts(processes: readonly RoleProcess[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const process of processes) {
    if (process.role !== 'worker') continue;
    for (const match of process.stderr().matchAll(/judged (\w+): /g)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  }
  return counts;
}

