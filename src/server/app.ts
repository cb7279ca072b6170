/**
 * The api role's HTTP application, built WITHOUT listening (fastify's habit), so that every route
 * is tested with `inject()`. It also serves the web page at `/` (web.ts). Routes are declared with the zod schemas of src/protocol: they
 * validate requests (errors name the field, `body.language`), type the handlers and make the
 * OpenAPI document (`/openapi.json`, `/docs`).
 */
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { LanguageRegistry } from '../judge/languages.js';
import { authHook } from './auth.js';
import { ApiError } from './errors.js';
import type { StatusBus } from './events/types.js';
import { createHttpApp, healthRoute, storeCheck, type HealthCheck, type HttpApp, type HttpTimeouts, type ServerState } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { ServerMetrics } from './metrics.js';
import type { Queues } from './queue/types.js';
import type { Redis } from './redis.js';
import type { ApiContext, ApiLimits } from './routes/context.js';
import { problemRoutes } from './routes/problems.js';
import { runRoutes } from './routes/runs.js';
import { MemoryRunBoard, type RunBoard } from './runs/board.js';
import { submissionRoutes } from './routes/submissions.js';
import { userRoutes } from './routes/users.js';
import { SERVE_SETTINGS, type Setting } from './settings.js';
import type { Store } from './store/types.js';
import { builtWebRoot, registerWebPage } from './web.js';

export interface AppDeps {
  store: Store;
  queues: Queues;
  bus: StatusBus;
  /** The admin's bearer token. */
  adminToken: string;
  /** @defaultValue the defaults of `sonocode serve` (settings.ts) */
  limits?: Partial<ApiLimits>;
  /** Where runs are kept; the workers that judge them must share it. @defaultValue an in-process board */
  runBoard?: RunBoard;
  /** @defaultValue the built-in languages */
  languages?: LanguageRegistry;
  /** @defaultValue a fresh registry with the queue-depth gauge */
  metrics?: ServerMetrics;
  /** @defaultValue silent */
  logger?: Logger;
  /** Shared with the caller, who sets `draining` on shutdown. */
  state?: ServerState;
  /** A Redis connection for rate-limit counters shared by every api instance (fail-fast options). */
  rateLimitRedis?: Redis;
  /** Dependency checks for /health beside the store's, by name. */
  checks?: Record<string, HealthCheck>;
  /** How long clients may take to send a request. @defaultValue the defaults of `sonocode serve` */
  timeouts?: HttpTimeouts;
  /** How long a POST waits for Redis before answering anyway, in milliseconds. @defaultValue 2000 */
  enqueueTimeoutMs?: number;
  role?: string;
  instanceId?: string;
  /** The built web page to serve at `/`; null serves none. @defaultValue this package's dist/web, when built */
  webRoot?: string | null;
}

/** A setting's default from the table of `sonocode serve`. */
function settingDefault(key: string): number {
  return Number((SERVE_SETTINGS as readonly Setting[]).find((setting) => setting.key === key)!.default);
}

/** The api limits `sonocode serve` uses when given none. */
export const DEFAULT_API_LIMITS: ApiLimits = {
  maxCodeBytes: settingDefault('maxCodeBytes'),
  rateLimit: { max: settingDefault('rateLimitMax'), windowMs: settingDefault('rateLimitWindowMs') },
  runRateLimit: { max: settingDefault('runRateLimitMax'), windowMs: settingDefault('rateLimitWindowMs') },
};

/**
 * Response objects are open: the serializer sends what the handler built, so the document must
 * not say `additionalProperties: false` for them (request bodies, strict objects, still do).
 */
const openResponses = {
  override: (ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }) => {
    const def = (ctx.zodSchema as z.ZodType)._zod.def as { type: string; catchall?: unknown };
    if (def.type === 'object' && def.catchall === undefined && ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties;
  },
};

export async function buildApp(deps: AppDeps): Promise<HttpApp> {
  const logger = deps.logger ?? createLogger('silent');
  const app = createHttpApp({ logger, ...(deps.timeouts ? { timeouts: deps.timeouts } : {}) });
  const ctx: ApiContext = {
    store: deps.store,
    queues: deps.queues,
    bus: deps.bus,
    languages: deps.languages ?? new LanguageRegistry(),
    metrics: deps.metrics ?? new ServerMetrics(deps.queues),
    logger,
    state: deps.state ?? { draining: false },
    limits: { ...DEFAULT_API_LIMITS, ...deps.limits },
    runBoard: deps.runBoard ?? new MemoryRunBoard(),
    enqueueTimeoutMs: deps.enqueueTimeoutMs ?? 2000,
  };

  app.decorateRequest('principal', null);
  app.addHook('onRequest', authHook(deps.store, deps.adminToken));

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'sonocode API',
        description: 'The Submission Service and the Problem Admin Service of sonocode (docs/api.md). Live status is on the WebSocket `/ws`.',
        version: '1',
      },
      tags: [
        { name: 'problems', description: 'Problem Admin Service' },
        { name: 'users', description: 'Users and their tokens' },
        { name: 'submissions', description: 'Submission Service' },
        { name: 'runs', description: "Run: judge code on a problem's samples or on your input, without storing a submission" },
        { name: 'operations', description: 'Health and metrics' },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The admin token or a user token' } } },
    },
    transform: createJsonSchemaTransform({ zodToJsonConfig: openResponses }),
    transformObject: createJsonSchemaTransformObject({ zodToJsonConfig: openResponses }),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyRateLimit, {
    global: false,
    skipOnError: true,
    nameSpace: 'sonocode:ratelimit:',
    ...(deps.rateLimitRedis ? { redis: deps.rateLimitRedis } : {}),
    errorResponseBuilder: (request, context) =>
      new ApiError('SONO_RATE_LIMITED', `too many ${request.url.startsWith('/api/v1/runs') ? 'runs' : 'submissions'}: at most ${context.max} in a row; retry in ${context.after}`, {
        headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
      }),
  });

  problemRoutes(app, ctx);
  userRoutes(app, ctx);
  submissionRoutes(app, ctx);
  runRoutes(app, ctx);
  healthRoute(app, {
    state: ctx.state,
    checks: { store: storeCheck(deps.store), ...deps.checks },
    role: deps.role ?? 'api',
    instanceId: deps.instanceId ?? 'api',
  });

  app.get(
    '/metrics',
    { config: { auth: 'public' }, schema: { tags: ['operations'], summary: 'Prometheus metrics', produces: ['text/plain'] } },
    async (_request, reply) => {
      const { contentType, body } = await ctx.metrics.render();
      return reply.type(contentType).send(body);
    },
  );

  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const webRoot = deps.webRoot === undefined ? builtWebRoot() : deps.webRoot;
  if (webRoot) await registerWebPage(app, webRoot);
  else logger.debug('no built web page (npm run build makes dist/web): serving the API only');

  return app;
}
