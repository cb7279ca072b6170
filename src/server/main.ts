/**
 * `sonocode serve`: starts the roles the configuration asks for in this process, over the store,
 * queues and bus it names, and stops them in an order that loses nothing:
 *
 *   draining (new submissions get 503, /health says so) → the worker finishes its jobs → the
 *   evaluation consumer stores their results → sockets say goodbye (1001) → HTTP closes →
 *   warm sandboxes, the status bus, queues, Redis and the store close.
 *
 * Each starter below returns an AsyncDisposable; they are started in the reverse of that order
 * onto one {@link ShutdownStack}, which stops them in that order. The CLI's `serve` command calls
 * {@link runServe}.
 */
import { LanguageRegistry } from '../judge/languages.js';
import { defaultCompileCache } from '../judge/compile.js';
import { judgeSubmission, sessionOptionsFor } from '../judge/pipeline.js';
import { DEFAULT_LIMITS } from '../judge/problem/schema.js';
import { SOCKET_PATH } from '../protocol/socket.js';
import { WarmPool } from '../sandbox/pool.js';
import { resolveSandbox } from '../sandbox/select.js';
import type { SandboxBackend } from '../sandbox/types.js';
import { buildApp } from './app.js';
import { redactUrl, resolveServeConfig, type Env, type ServerConfig } from './config.js';
import { MemoryStatusBus } from './events/memory.js';
import { RedisStatusBus } from './events/redis.js';
import type { StatusBus } from './events/types.js';
import { createHttpApp, healthRoute, storeCheck, type HealthCheck, type HttpApp, type ServerState } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { ServerMetrics } from './metrics.js';
import { redisQueues } from './queue/bullmq.js';
import { memoryQueues } from './queue/memory.js';
import type { Queues } from './queue/types.js';
import { createRedis, quitRedis, redisHealth, waitForRedis, type Redis } from './redis.js';
import { Reconciler, startEvaluationConsumer } from './roles/api.js';
import { MemoryRunBoard, RedisRunBoard, type RunBoard } from './runs/board.js';
import { startWorker } from './roles/worker.js';
import type { Role, ServeOptions } from './settings.js';
import { ShutdownStack } from './shutdown.js';
import { SocketService } from './socket/service.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';

/** How long a stopping worker waits for the judging it is doing, in milliseconds. */
const DRAIN_JUDGING_MS = 60_000;

export interface RunningServer {
  readonly role: Role;
  readonly instanceId: string;
  /** `http://host:port` of the api/socket role; null for a worker. */
  readonly url: string | null;
  /** `ws://host:port/ws` when this process serves sockets. */
  readonly socketUrl: string | null;
  readonly adminToken: string;
  /** True when no admin token was given and this run made one (print it for the operator). */
  readonly adminTokenGenerated: boolean;
  readonly config: ServerConfig;
  /** Drains and stops everything; safe to call twice. */
  close(): Promise<void>;
  /** Resolves once closed (by close() or by the abort signal). */
  readonly closed: Promise<void>;
}

/** Things a caller may supply instead of the real ones (tests, embedding). */
export interface ServeRuntime {
  /** @defaultValue process.env (read by src/server/config.ts) */
  env?: Env;
  logger?: Logger;
  /** @defaultValue the backend of `--sandbox` (docker unless told otherwise) */
  sandbox?: SandboxBackend;
  languages?: LanguageRegistry;
  /** The worker's judge. @defaultValue the engine's judgeSubmission */
  judge?: typeof judgeSubmission;
}

/**
 * Starts the roles of the configuration (options > `SONOCODE_*` in `runtime.env` > defaults) and
 * returns once they listen. The abort signal drains and stops them, like `close()`.
 *
 * @throws ServeConfigError for a bad configuration; whatever a dependency throws when it cannot
 * start (Redis away, a port in use, no sandbox) — after stopping what had started.
 */
export async function runServe(options: ServeOptions = {}, signal?: AbortSignal, runtime: ServeRuntime = {}): Promise<RunningServer> {
  const config = resolveServeConfig(options, runtime.env);
  const logger = runtime.logger ?? createLogger(config.logLevel).child({ role: config.role });
  const languages = runtime.languages ?? new LanguageRegistry();
  const stack = new ShutdownStack(logger);
  try {
    const store = await openStore(config);
    stack.defer('store', () => store.close());
    logger.info(config.mongoUrl ? `store: MongoDB at ${redactUrl(config.mongoUrl)}` : `store: SQLite at ${config.dbPath}`);
    const transport = stack.use('queues and events', await startTransport(config, logger), Infinity);
    // Before anything listens: a sandbox that cannot work is a reason not to start at all.
    const sandbox = config.runs.worker ? stack.use('warm sandboxes', await startSandbox(config, runtime.sandbox)) : undefined;
    const state: ServerState = { draining: false };
    const health = { state, role: config.role, instanceId: config.instanceId, checks: transport.checks };
    const http = config.runs.api || config.runs.socket ? stack.use('http', await startHttp(config, { store, transport, languages, logger, health }), Infinity) : undefined;
    if (config.runs.socket && http) stack.use('sockets', await startSockets(config, { store, bus: transport.bus, logger }, http.app));
    if (config.runs.api && http) stack.use('evaluation consumer', startApiBackground(config, { store, queues: transport.queues, bus: transport.bus, metrics: http.metrics!, logger }));
    if (sandbox) {
      const worker = await startWorkerRole(config, { store, queues: transport.queues, bus: transport.bus, runBoard: transport.runBoard, languages, logger }, sandbox.pool, runtime.judge);
      // Judging in progress gets a while to end (given up, another worker takes the job over);
      // an idle worker only waits for Redis, briefly.
      stack.use('worker', worker, () => (worker.active > 0 ? DRAIN_JUDGING_MS : 5000));
    }
    stack.defer('draining', () => {
      state.draining = true;
    });
    return running(config, http?.url ?? null, stack, logger, signal);
  } catch (error) {
    await stack[Symbol.asyncDispose]();
    throw error;
  }
}

/** The handle of a started server: close() drains through the stack, once. */
function running(config: ServerConfig, url: string | null, stack: ShutdownStack, logger: Logger, signal: AbortSignal | undefined): RunningServer {
  let closing: Promise<void> | undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info('draining');
      await stack[Symbol.asyncDispose]();
      logger.info('stopped');
      resolveClosed();
    })();
    return closing;
  };
  if (signal?.aborted) void close();
  else signal?.addEventListener('abort', () => void close(), { once: true });
  return {
    role: config.role,
    instanceId: config.instanceId,
    url,
    socketUrl: url && config.runs.socket ? `${url.replace(/^http/, 'ws')}${SOCKET_PATH}` : null,
    adminToken: config.adminToken,
    adminTokenGenerated: config.adminTokenGenerated,
    config,
    close,
    closed,
  };
}

// ---------------------------------------------------------------------------------------------
// Starters: each returns what it started as an AsyncDisposable.

interface Transport extends AsyncDisposable {
  queues: Queues;
  bus: StatusBus;
  /** Where runs are kept while they matter (shared by the api and the workers). */
  runBoard: RunBoard;
  /** Health checks of what the transport depends on (`redis`). */
  checks: Record<string, HealthCheck>;
  /** The Redis URL, for connections of their own (rate limits). */
  redisUrl?: string;
}

/** Queues and the status bus: in-process, or over one Redis connection. */
async function startTransport(config: ServerConfig, logger: Logger): Promise<Transport> {
  const stack = new ShutdownStack(logger);
  if (!config.redisUrl) {
    const queues = memoryQueues(config.queue);
    const bus = new MemoryStatusBus();
    stack.defer('queues', () => queues.close());
    stack.defer('status bus', () => bus.close());
    return { queues, bus, runBoard: new MemoryRunBoard(), checks: {}, [Symbol.asyncDispose]: () => stack[Symbol.asyncDispose]() };
  }
  try {
    const redis: Redis = createRedis(config.redisUrl, { name: `sonocode:${config.instanceId}`, logger });
    stack.defer('redis', () => quitRedis(redis));
    await waitForRedis(redis, config.redisUrl);
    // One connection for the queues and the bus: commands leave in order, so a status published
    // before a job is added reaches Redis before the job does.
    const queues = config.runs.api || config.runs.worker ? redisQueues(redis, config.queue, logger) : NO_QUEUES;
    stack.defer('queues', () => queues.close());
    const bus = new RedisStatusBus(redis, { heartbeatMs: config.socket.heartbeatMs, instanceTtlMs: config.socket.instanceTtlMs, logger });
    stack.defer('status bus', () => bus.close());
    logger.info(`queues and events: Redis at ${redactUrl(config.redisUrl)}`);
    const runBoard = new RedisRunBoard(redis);
    return { queues, bus, runBoard, checks: { redis: () => redisHealth(redis) }, redisUrl: config.redisUrl, [Symbol.asyncDispose]: () => stack[Symbol.asyncDispose]() };
  } catch (error) {
    await stack[Symbol.asyncDispose]();
    throw error;
  }
}

/** The sandbox, checked, behind a warm pool: a submission does not wait for a container to start. */
async function startSandbox(config: ServerConfig, given: SandboxBackend | undefined): Promise<{ pool: WarmPool } & AsyncDisposable> {
  // A worker reports a verdict without waiting for dockerd to remove the container (removed after).
  const backend = given ?? (await resolveSandbox({ backend: config.worker.sandbox, docker: { removeInBackground: true } }));
  await backend.check();
  const pool = new WarmPool(backend, { size: config.worker.concurrency, template: sessionOptionsFor(DEFAULT_LIMITS.memoryLimitMb) });
  return { pool, [Symbol.asyncDispose]: () => pool.close() };
}

interface HttpDeps {
  store: Store;
  transport: Transport;
  languages: LanguageRegistry;
  logger: Logger;
  health: { state: ServerState; role: string; instanceId: string; checks: Record<string, HealthCheck> };
}

/** The listening HTTP server: the api's app, or a socket instance's own (`/health` beside `/ws`). */
async function startHttp(config: ServerConfig, deps: HttpDeps): Promise<{ app: HttpApp; url: string; metrics?: ServerMetrics } & AsyncDisposable> {
  const stack = new ShutdownStack(deps.logger);
  try {
    let app: HttpApp;
    let metrics: ServerMetrics | undefined;
    if (config.runs.api) {
      let rateLimitRedis: Redis | undefined;
      if (deps.transport.redisUrl) {
        // Counters shared by every api instance; fails fast (and lets requests through) while Redis is away.
        const limiter = createRedis(deps.transport.redisUrl, { name: `sonocode:${config.instanceId}:ratelimit`, logger: deps.logger, failFast: true });
        rateLimitRedis = limiter;
        stack.defer('rate-limit redis', () => quitRedis(limiter));
      }
      metrics = new ServerMetrics(deps.transport.queues, { defaultMetrics: true });
      app = await buildApp({
        store: deps.store,
        queues: deps.transport.queues,
        bus: deps.transport.bus,
        runBoard: deps.transport.runBoard,
        adminToken: config.adminToken,
        limits: { maxCodeBytes: config.api.maxCodeBytes, rateLimit: config.api.rateLimit, runRateLimit: config.api.runRateLimit },
        languages: deps.languages,
        metrics,
        logger: deps.logger,
        state: deps.health.state,
        checks: deps.health.checks,
        role: deps.health.role,
        instanceId: deps.health.instanceId,
        timeouts: config.http,
        ...(rateLimitRedis ? { rateLimitRedis } : {}),
      });
    } else {
      app = createHttpApp({ logger: deps.logger, notFound: `this instance serves ${SOCKET_PATH}`, timeouts: config.http });
      healthRoute(app, { ...deps.health, checks: { store: storeCheck(deps.store), ...deps.health.checks } });
    }
    stack.defer('http', () => app.close());
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return { app, url: `http://${host}:${port}`, ...(metrics ? { metrics } : {}), [Symbol.asyncDispose]: () => stack[Symbol.asyncDispose]() };
  } catch (error) {
    await stack[Symbol.asyncDispose]();
    throw error;
  }
}

/** The worker role: judges queued submissions in the warm sandboxes. */
async function startWorkerRole(
  config: ServerConfig,
  deps: { store: Store; queues: Queues; bus: StatusBus; runBoard: RunBoard; languages: LanguageRegistry; logger: Logger },
  pool: WarmPool,
  judge: typeof judgeSubmission | undefined,
): Promise<{ readonly active: number } & AsyncDisposable> {
  const worker = await startWorker({
    ...deps,
    sandbox: pool,
    concurrency: config.worker.concurrency,
    workerId: config.instanceId,
    // shared by every worker on this machine
    compileCache: defaultCompileCache(),
    ...(judge ? { judge } : {}),
  });
  pool.fill();
  return {
    get active() {
      return worker.active;
    },
    [Symbol.asyncDispose]: () => worker.close(),
  };
}

/** The socket role: `/ws` on the HTTP server, registered on the bus. */
async function startSockets(config: ServerConfig, deps: { store: Store; bus: StatusBus; logger: Logger }, app: HttpApp): Promise<AsyncDisposable> {
  const sockets = await SocketService.start({ ...deps, adminToken: config.adminToken, instanceId: config.instanceId });
  sockets.attach(app.server);
  return { [Symbol.asyncDispose]: () => sockets.close() };
}

/** The api's work beside its routes: storing results, and queueing again what lost its job. */
function startApiBackground(
  config: ServerConfig,
  deps: { store: Store; queues: Queues; bus: StatusBus; metrics: ServerMetrics; logger: Logger },
): AsyncDisposable {
  const evaluations = startEvaluationConsumer(deps);
  const reconciler = new Reconciler({ ...deps, afterMs: config.api.reconcile.afterMs, intervalMs: config.api.reconcile.intervalMs });
  // An in-process queue starts empty: everything unfinished in the store needs a job now.
  reconciler.start(deps.queues.kind === 'memory' ? 0 : config.api.reconcile.afterMs);
  return {
    [Symbol.asyncDispose]: async () => {
      await reconciler.stop();
      await evaluations.close();
    },
  };
}

/** A socket instance neither queues nor judges. */
const NO_QUEUES: Queues = {
  kind: 'redis',
  get submissions(): never {
    throw new Error('a socket instance has no queues');
  },
  get evaluations(): never {
    throw new Error('a socket instance has no queues');
  },
  get runs(): never {
    throw new Error('a socket instance has no queues');
  },
  close: async () => {},
};
