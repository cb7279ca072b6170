/**
 * `sonocode serve`: starts the roles the configuration asks for in this process, over the store,
 * queues and bus it names, and stops them in an order that loses nothing:
 *
 *   draining (new submissions get 503, /health says so) → the worker finishes its jobs → the
 *   evaluation consumer stores their results → sockets say goodbye (1001) → HTTP closes →
 *   queues, bus, Redis and the store close.
 *
 * The CLI's `serve` command calls {@link runServe}.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { LanguageRegistry } from '../judge/languages.js';
import { createSandbox } from '../sandbox/select.js';
import { WarmPool } from '../sandbox/pool.js';
import { sessionOptionsFor } from '../judge/pipeline.js';
import { DEFAULT_LIMITS } from '../judge/problem/schema.js';
import type { SandboxBackend } from '../sandbox/types.js';
import { buildApp } from './app.js';
import { redactUrl, resolveServeConfig, type Env, type Role, type ServeOptions, type ServerConfig } from './config.js';
import { MemoryStatusBus } from './events/memory.js';
import { RedisStatusBus } from './events/redis.js';
import type { StatusBus } from './events/types.js';
import { createLogger, type Logger } from './logger.js';
import { ServerMetrics } from './metrics.js';
import { redisQueues } from './queue/bullmq.js';
import { memoryQueues } from './queue/memory.js';
import type { Consumer, Queues } from './queue/types.js';
import { createRedis, quitRedis, redisHealth, waitForRedis, withTimeout, type Redis } from './redis.js';
import { Reconciler, startEvaluationConsumer } from './roles/api.js';
import { startWorker, type RunningWorker } from './roles/worker.js';
import type { ApiState } from './routes/context.js';
import { SOCKET_PATH, SocketService } from './socket/service.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';

export type { ServeOptions } from './config.js';

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
  sandbox?: SandboxBackend;
  languages?: LanguageRegistry;
}

export async function runServe(options: ServeOptions = {}, signal?: AbortSignal, runtime: ServeRuntime = {}): Promise<RunningServer> {
  const config = resolveServeConfig(options, runtime.env);
  const logger = runtime.logger ?? createLogger(config.logLevel).child({ role: config.role });
  const languages = runtime.languages ?? new LanguageRegistry();
  // Shutdown steps, run in reverse order. Each is bounded: with Redis away, closing a queue can
  // wait forever, and a job not finished in time goes back to the queue when its lock expires.
  const cleanups: { name: string; run: () => Promise<void>; timeoutMs: () => number }[] = [];
  const onClose = (name: string, run: () => Promise<void>, timeoutMs: () => number = () => 5000) => cleanups.push({ name, run, timeoutMs });
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) {
      const timeoutMs = step.timeoutMs();
      try {
        await withTimeout(step.run(), timeoutMs, `gave up after ${timeoutMs} ms`);
      } catch (error) {
        logger.warn(`shutdown: ${step.name}: ${(error as Error).message}`);
      }
    }
  };

  try {
    const store: Store = await openStore(config);
    onClose('store', () => store.close());
    logger.info(config.mongoUrl ? `store: MongoDB at ${redactUrl(config.mongoUrl)}` : `store: SQLite at ${config.dbPath}`);

    let redis: Redis | undefined;
    let queues: Queues;
    let bus: StatusBus;
    if (config.redisUrl) {
      const connection = createRedis(config.redisUrl, { name: `sonocode:${config.instanceId}`, logger });
      redis = connection;
      onClose('redis', () => quitRedis(connection));
      await waitForRedis(connection, config.redisUrl);
      // One connection for the queues and the bus: commands leave in order, so a status published
      // before a job is added reaches Redis before the job does.
      queues = config.runs.api || config.runs.worker ? redisQueues(connection, config.queue, logger) : NO_QUEUES;
      bus = new RedisStatusBus(connection, { heartbeatMs: config.socket.heartbeatMs, instanceTtlMs: config.socket.instanceTtlMs, logger });
      logger.info(`queues and events: Redis at ${redactUrl(config.redisUrl)}`);
    } else {
      queues = memoryQueues(config.queue);
      bus = new MemoryStatusBus();
    }
    onClose('queues', () => queues.close());
    onClose('status bus', () => bus.close());

    const state: ApiState = { draining: false };
    const checks: Record<string, () => Promise<string>> = {};
    if (redis) {
      const connection = redis;
      checks.redis = () => redisHealth(connection);
    }

    // Worker first: a sandbox that cannot work is a reason not to start at all.
    let worker: RunningWorker | undefined;
    if (config.runs.worker) {
      const backend = runtime.sandbox ?? createSandbox();
      await backend.check();
      // Containers made ahead of need: a submission does not wait for one to start.
      const sandbox = new WarmPool(backend, { size: config.worker.concurrency, template: sessionOptionsFor(DEFAULT_LIMITS.memoryLimitMb) });
      onClose('warm sandboxes', () => sandbox.close());
      worker = await startWorker({
        store,
        queues,
        bus,
        sandbox,
        languages,
        concurrency: config.worker.concurrency,
        logger,
        workerId: config.instanceId,
      });
      sandbox.fill();
    }

    let app: FastifyInstance | undefined;
    let evaluations: Consumer | undefined;
    let reconciler: Reconciler | undefined;
    if (config.runs.api) {
      let rateLimitRedis: Redis | undefined;
      if (config.redisUrl) {
        // Counters shared by every api instance; fails fast (and lets requests through) while Redis is away.
        const limiter = createRedis(config.redisUrl, { name: `sonocode:${config.instanceId}:ratelimit`, logger, failFast: true });
        rateLimitRedis = limiter;
        onClose('rate-limit redis', () => quitRedis(limiter));
      }
      const metrics = new ServerMetrics(queues, { defaultMetrics: true });
      app = await buildApp({
        store,
        queues,
        bus,
        adminToken: config.adminToken,
        limits: { maxCodeBytes: config.api.maxCodeBytes, rateLimit: config.api.rateLimit },
        languages,
        metrics,
        logger,
        state,
        checks,
        role: config.role,
        instanceId: config.instanceId,
        ...(rateLimitRedis ? { rateLimitRedis } : {}),
      });
      evaluations = startEvaluationConsumer({ store, queues, bus, metrics, logger });
      reconciler = new Reconciler({ store, queues, logger, afterMs: config.api.reconcile.afterMs, intervalMs: config.api.reconcile.intervalMs });
      // An in-process queue starts empty: everything unfinished in the store needs a job now.
      reconciler.start(queues.kind === 'memory' ? 0 : config.api.reconcile.afterMs);
    }

    let sockets: SocketService | undefined;
    if (config.runs.socket) {
      sockets = await SocketService.start({ store, bus, adminToken: config.adminToken, instanceId: config.instanceId, logger });
      if (!app) app = buildSocketApp(config, state, { store: storeCheck(store), ...checks });
      sockets.attach(app.server);
    }

    let url: string | null = null;
    if (app) {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      url = `http://${host}:${port}`;
    }

    // Shutdown, in the order that loses nothing (see the header).
    onClose('http', async () => {
      await app?.close();
    });
    onClose('sockets', async () => {
      await sockets?.close();
    });
    onClose('evaluation consumer', async () => {
      await reconciler?.stop();
      await evaluations?.close();
    });
    // Judging in progress gets until its lock would expire (then another worker takes the job
    // anyway); an idle worker only waits for Redis, briefly.
    onClose(
      'worker',
      async () => {
        await worker?.close();
      },
      () => ((worker?.active ?? 0) > 0 ? config.queue.lockDurationMs : 5000),
    );
    onClose('draining', async () => {
      state.draining = true;
    });

    let closing: Promise<void> | undefined;
    let resolveClosed!: () => void;
    const closed = new Promise<void>((resolve) => {
      resolveClosed = resolve;
    });
    const close = (): Promise<void> => {
      closing ??= (async () => {
        logger.info('draining');
        await cleanup();
        logger.info('stopped');
        resolveClosed();
      })();
      return closing;
    };
    if (signal) {
      if (signal.aborted) void close();
      else signal.addEventListener('abort', () => void close(), { once: true });
    }

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
  } catch (error) {
    await cleanup();
    throw error;
  }
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
  close: async () => {},
};

function storeCheck(store: Store): () => Promise<string> {
  return async () => {
    await store.ping();
    return 'ok';
  };
}

/** The socket role's own HTTP server: `/health` beside the WebSocket upgrade of `/ws`. */
function buildSocketApp(config: ServerConfig, state: ApiState, checks: Record<string, () => Promise<string>>): FastifyInstance {
  const app = Fastify({ return503OnClosing: true });
  app.get('/health', async (_request, reply) => {
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await check().catch((error: Error) => error.message)] as const),
    );
    const healthy = entries.every(([, value]) => value === 'ok');
    const status = state.draining ? 'draining' : healthy ? 'ok' : 'degraded';
    return reply.code(status === 'ok' ? 200 : 503).send({ status, role: config.role, instanceId: config.instanceId, checks: Object.fromEntries(entries) });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ code: 'SONO_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}; this instance serves ${SOCKET_PATH}` }),
  );
  return app;
}
