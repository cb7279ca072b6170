/**
 * The api role's HTTP application, built WITHOUT listening (fastify's habit), so that every route
 * is tested with `inject()`. Errors leave as `{code, message}` from the catalogue in errors.ts —
 * never a stack trace; validation errors name the field (`body.language`).
 */
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { LanguageRegistry } from '../judge/languages.js';
import { describeValue } from '../judge/problem/schema.js';
import { authHook } from './auth.js';
import { ApiError, type ErrorBody, type FieldIssue } from './errors.js';
import type { StatusBus } from './events/types.js';
import { createLogger, type Logger } from './logger.js';
import { ServerMetrics } from './metrics.js';
import type { Queues } from './queue/types.js';
import type { Redis } from './redis.js';
import type { ApiContext, ApiLimits, ApiState } from './routes/context.js';
import { problemRoutes } from './routes/problems.js';
import { errorSchema, healthSchema } from './routes/schemas.js';
import { submissionRoutes } from './routes/submissions.js';
import { userRoutes } from './routes/users.js';
import type { Store } from './store/types.js';

export interface AppDeps {
  store: Store;
  queues: Queues;
  bus: StatusBus;
  /** The admin's bearer token. */
  adminToken: string;
  limits?: Partial<ApiLimits>;
  /** @defaultValue the built-in languages */
  languages?: LanguageRegistry;
  /** @defaultValue a fresh registry with the queue-depth gauge */
  metrics?: ServerMetrics;
  /** @defaultValue silent */
  logger?: Logger;
  /** Shared with the caller, who sets `draining` on shutdown. */
  state?: ApiState;
  /** A Redis connection for rate-limit counters shared by every api instance (fail-fast options). */
  rateLimitRedis?: Redis;
  /** Dependency checks for /health, by name; each resolves to `ok` or to why not. */
  checks?: Record<string, () => Promise<string>>;
  /** How long a POST waits for Redis before answering anyway, in milliseconds. @defaultValue 2000 */
  enqueueTimeoutMs?: number;
  role?: string;
  instanceId?: string;
}

export const DEFAULT_LIMITS: ApiLimits = { maxCodeBytes: 64 * 1024, rateLimit: { max: 30, windowMs: 60_000 } };

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const logger = deps.logger ?? createLogger('silent');
  const app = Fastify({
    loggerInstance: logger,
    // Default for routes without their own: enough for a user name; problems and submissions set theirs.
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    ajv: {
      customOptions: {
        // A number where a string belongs is an error to report, not a value to convert.
        coerceTypes: false,
        removeAdditional: false,
        allErrors: true,
        // errors carry the value, so messages can say what was sent
        verbose: true,
      },
    },
  });

  const ctx: ApiContext = {
    store: deps.store,
    queues: deps.queues,
    bus: deps.bus,
    languages: deps.languages ?? new LanguageRegistry(),
    metrics: deps.metrics ?? new ServerMetrics(deps.queues),
    logger,
    state: deps.state ?? { draining: false },
    limits: { ...DEFAULT_LIMITS, ...deps.limits },
    enqueueTimeoutMs: deps.enqueueTimeoutMs ?? 2000,
    checks: { store: storeCheck(deps.store), ...deps.checks },
    role: deps.role ?? 'api',
    instanceId: deps.instanceId ?? 'api',
  };

  app.decorateRequest('principal', null);
  app.addSchema(errorSchema);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.code === 'SONO_INTERNAL') logger.error({ err: error, url: request.url, method: request.method }, 'request failed');
    if (apiError.headers) void reply.headers(apiError.headers);
    return reply.code(apiError.statusCode).send(apiError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { code: 'SONO_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` };
    return reply.code(404).send(body);
  });
  app.addHook('onRequest', authHook(deps.store, deps.adminToken));

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'sonocode API',
        description:
          'The Submission Service and the Problem Admin Service of sonocode (docs/api.md). Live status is on the WebSocket `/ws`.',
        version: '1',
      },
      tags: [
        { name: 'problems', description: 'Problem Admin Service' },
        { name: 'users', description: 'Users and their tokens' },
        { name: 'submissions', description: 'Submission Service' },
        { name: 'operations', description: 'Health and metrics' },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The admin token or a user token' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyRateLimit, {
    global: false,
    skipOnError: true,
    nameSpace: 'sonocode:ratelimit:',
    ...(deps.rateLimitRedis ? { redis: deps.rateLimitRedis } : {}),
    errorResponseBuilder: (_request, context) =>
      new ApiError('SONO_RATE_LIMITED', `too many submissions: at most ${context.max} in a row; retry in ${context.after}`, {
        headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
      }),
  });

  problemRoutes(app, ctx);
  userRoutes(app, ctx);
  submissionRoutes(app, ctx);

  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Whether this instance and its dependencies (store, Redis) work; 503 when not',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const entries = await Promise.all(
        Object.entries(ctx.checks).map(async ([name, check]) => [name, await check().catch((error: Error) => error.message)] as const),
      );
      const checks = Object.fromEntries(entries);
      const healthy = entries.every(([, value]) => value === 'ok');
      const status = ctx.state.draining ? 'draining' : healthy ? 'ok' : 'degraded';
      return reply.code(status === 'ok' ? 200 : 503).send({ status, role: ctx.role, instanceId: ctx.instanceId, checks });
    },
  );

  app.get(
    '/metrics',
    { config: { auth: 'public' }, schema: { tags: ['operations'], summary: 'Prometheus metrics', produces: ['text/plain'] } },
    async (_request, reply) => {
      const { contentType, body } = await ctx.metrics.render();
      return reply.type(contentType).send(body);
    },
  );

  app.get(
    '/openapi.json',
    { config: { auth: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );

  return app;
}

function storeCheck(store: Store): () => Promise<string> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        store.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer within 2000 ms')), 2000);
        }),
      ]);
      return 'ok';
    } finally {
      clearTimeout(timer);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Errors

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
}

/** `/testCases/0/output` → `.testCases[0].output` */
function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`))
    .join('');
}

const TYPE_NAMES: Record<string, string> = { string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', object: 'an object', array: 'an array', null: 'null' };

export function ajvIssues(context: string, validation: AjvError[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const error of validation) {
    const base = `${context}${pointerToPath(error.instancePath)}`;
    let issue: FieldIssue;
    switch (error.keyword) {
      case 'required':
        issue = { path: `${base}.${String(error.params.missingProperty)}`, message: 'is required' };
        break;
      case 'additionalProperties':
        issue = { path: `${base}.${String(error.params.additionalProperty)}`, message: 'is not a known field' };
        break;
      case 'type': {
        const expected = String(error.params.type)
          .split(',')
          .map((type) => TYPE_NAMES[type] ?? type)
          .join(' or ');
        issue = { path: base, message: `expected ${expected}${error.data !== undefined ? `, got ${describeValue(error.data)}` : ''}` };
        break;
      }
      case 'enum':
        issue = { path: base, message: `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}` };
        break;
      case 'minLength':
        issue = { path: base, message: Number(error.params.limit) === 1 ? 'must not be empty' : `must be at least ${String(error.params.limit)} characters` };
        break;
      case 'maxLength':
        issue = { path: base, message: `must be at most ${String(error.params.limit)} characters` };
        break;
      case 'pattern':
        issue = { path: base, message: `has the wrong form (expected ${String(error.params.pattern)})` };
        break;
      default:
        issue = { path: base, message: error.message ?? 'is invalid' };
    }
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/** Any error of a request as the catalogue error it is. */
export function toApiError(error: FastifyError | Error): ApiError {
  if (error instanceof ApiError) return error;
  const fastifyError = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fastifyError.validation) {
    const issues = ajvIssues(fastifyError.validationContext ?? 'body', fastifyError.validation);
    const shown = issues.slice(0, 10).map((issue) => `${issue.path}: ${issue.message}`);
    return new ApiError('SONO_VALIDATION', shown.join('; ') || 'invalid request', { issues });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('SONO_PAYLOAD_TOO_LARGE', 'body: the request body is larger than this route accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('SONO_UNSUPPORTED_MEDIA_TYPE', `body: send JSON with "content-type: application/json"`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('SONO_BAD_JSON', 'body: is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('SONO_BAD_JSON', `body: is not valid JSON (${fastifyError.message})`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('SONO_VALIDATION', 'headers.content-length: does not match the body');
    default:
      break;
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new ApiError('SONO_BAD_JSON', `body: is not valid JSON (${error.message})`);
  }
  const status = fastifyError.statusCode;
  if (status === 404) return new ApiError('SONO_NOT_FOUND', fastifyError.message);
  if (status === 413) return new ApiError('SONO_PAYLOAD_TOO_LARGE', fastifyError.message);
  if (status === 415) return new ApiError('SONO_UNSUPPORTED_MEDIA_TYPE', fastifyError.message);
  if (status === 429) return new ApiError('SONO_RATE_LIMITED', fastifyError.message);
  if (status === 503) return new ApiError('SONO_UNAVAILABLE', fastifyError.message);
  if (status !== undefined && status >= 400 && status < 500) return new ApiError('SONO_VALIDATION', fastifyError.message);
  return new ApiError('SONO_INTERNAL', 'internal error (logged on the server)', { cause: error });
}
