/**
 * The HTTP side every listening role shares — the api's app (app.ts) and a socket instance's own
 * server: routes typed and validated by the zod schemas of src/protocol, errors answered as
 * `{code, message}` from the catalogue (never a stack trace), and the one `/health`.
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorBodySchema, healthSchema, type ErrorBody, type Health } from '../protocol/index.js';
import { ApiError } from './errors.js';
import type { Logger } from './logger.js';
import { SERVE_SETTINGS, type Setting } from './settings.js';
import type { Store } from './store/types.js';
import { zodValidatorCompiler } from './validation.js';

/** A Fastify app whose routes declare zod schemas (request types inferred from them). */
export type HttpApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** Mutable state of a running instance: draining turns new work away with 503 and shows in /health. */
export interface ServerState {
  draining: boolean;
}

/** A dependency check for /health: resolves to `ok` or to why not. */
export type HealthCheck = () => Promise<string>;

export interface HealthDeps {
  state: ServerState;
  /** By name (`store`, `redis`). */
  checks: Record<string, HealthCheck>;
  role: string;
  instanceId: string;
}

/** How long a client may take to send a request, in milliseconds (`--headers-timeout-ms`, `--request-timeout-ms`). */
export interface HttpTimeouts {
  /** The headers; at most requestTimeoutMs. */
  headersTimeoutMs: number;
  /** The whole request, body included (408 and the connection closed after it). */
  requestTimeoutMs: number;
}

const settingDefault = (key: string) => Number((SERVE_SETTINGS as readonly Setting[]).find((setting) => setting.key === key)!.default);

/** The timeouts of `sonocode serve` when given none. */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersTimeoutMs: settingDefault('headersTimeoutMs'), requestTimeoutMs: settingDefault('requestTimeoutMs') };

/** How often Node looks for requests over their time (its default, 30 s, would let one hold a connection that much longer). */
const TIMEOUT_CHECK_MS = 1000;

/**
 * A Fastify app with the server's answers to errors. Requests are validated by zod; responses are
 * plain JSON of what the handler built (typed by the schemas at compile time, never filtered at
 * run time, so no field is silently dropped). A client gets `timeouts` to send a request: one that
 * trickles its headers or body is cut off, not left holding a connection.
 *
 * @param notFound - added to the 404 message (e.g. what this instance serves instead)
 * @param timeouts - @defaultValue {@link DEFAULT_HTTP_TIMEOUTS}
 */
export function createHttpApp(options: { logger: Logger; bodyLimitBytes?: number; notFound?: string; timeouts?: HttpTimeouts }): HttpApp {
  const timeouts = options.timeouts ?? DEFAULT_HTTP_TIMEOUTS;
  const app = Fastify({
    loggerInstance: options.logger,
    // Default for routes without their own: enough for a user name; problems and submissions set theirs.
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    return503OnClosing: true,
    requestTimeout: timeouts.requestTimeoutMs,
    http: { headersTimeout: timeouts.headersTimeoutMs, requestTimeout: timeouts.requestTimeoutMs, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
  }).withTypeProvider<ZodTypeProvider>() as unknown as HttpApp;
  acceptUtf8JsonOnly(app);
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.code === 'SONO_INTERNAL') options.logger.error({ err: error, url: request.url, method: request.method }, 'request failed');
    if (apiError.headers) void reply.headers(apiError.headers);
    return reply.code(apiError.statusCode).send(apiError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { code: 'SONO_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}${options.notFound ? `; ${options.notFound}` : ''}` };
    return reply.code(404).send(body);
  });
  return app;
}

/**
 * Bodies are JSON in UTF-8 and nothing else: a body declared in another charset
 * (`application/json; charset=utf-16`), or whose bytes are not UTF-8, is 415 — never read as
 * UTF-8 regardless — and other media types (text/plain included) are 415 too. JSON is parsed as
 * Fastify does by default (prototype poisoning refused).
 */
function acceptUtf8JsonOnly(app: HttpApp): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      return done(new ApiError('SONO_UNSUPPORTED_MEDIA_TYPE', `headers.content-type: charset "${charset}" is not accepted; send JSON in UTF-8`), undefined);
    }
    if (!isUtf8(body as Buffer)) return done(new ApiError('SONO_UNSUPPORTED_MEDIA_TYPE', 'body: is not UTF-8; send JSON in UTF-8'), undefined);
    parseJson(request, (body as Buffer).toString('utf8'), done);
  });
}

/** Error responses a route can give, by status, for its schema. */
export function errors(...statuses: number[]): Record<number, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorBodySchema]));
}

/** `GET /health`: 200 when every check says `ok`, 503 `degraded` when one does not, 503 `draining` while stopping. */
export function healthRoute(app: HttpApp, deps: HealthDeps): void {
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
        Object.entries(deps.checks).map(async ([name, check]) => [name, await check().catch((error: Error) => error.message)] as const),
      );
      const healthy = entries.every(([, value]) => value === 'ok');
      const status = deps.state.draining ? 'draining' : healthy ? 'ok' : 'degraded';
      const body: Health = { status, role: deps.role, instanceId: deps.instanceId, checks: Object.fromEntries(entries) };
      return reply.code(status === 'ok' ? 200 : 503).send(body);
    },
  );
}

/** The store answers a ping within 2 s. */
export function storeCheck(store: Store): HealthCheck {
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

/** Any error of a request as the catalogue error it is. */
export function toApiError(error: FastifyError | Error): ApiError {
  if (error instanceof ApiError) return error;
  const fastifyError = error as FastifyError;
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
