/**
 * What the routes that take code share — submissions and runs: the per-user rate limit, turning
 * work away while draining, the code-size limit, and the language and problem named in the body,
 * each refused with the catalogue error that names its field.
 */
import type { FastifyRequest } from 'fastify';
import type { Language } from '../../judge/languages.js';
import { didYouMean } from '../../errors/suggest.js';
import { ApiError } from '../errors.js';
import { findLanguage } from '../languages.js';
import type { ApiContext } from './context.js';

/** The route config of a per-user rate limit (`@fastify/rate-limit`), counted under `counter`. */
export function perUserRateLimit(counter: string, limit: { max: number; windowMs: number }) {
  return {
    max: limit.max,
    timeWindow: limit.windowMs,
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) => `${counter}:${request.principal?.kind === 'user' ? `user:${request.principal.user.id}` : `ip:${request.ip}`}`,
  };
}

/** An onRequest hook: while draining, new work is refused before anything else is looked at (rate limits, the body). */
export function refuseWhileDraining(ctx: Pick<ApiContext, 'state'>) {
  return async (): Promise<void> => {
    if (ctx.state.draining) throw new ApiError('SONO_UNAVAILABLE', 'the server is shutting down; retry on another instance or later');
  };
}

/** JSON escapes can make a body up to six times its text (\u0000): the route's body limit for `bytes` of text. */
export function jsonBodyLimit(bytes: number): number {
  return bytes * 6 + 16 * 1024;
}

/** @throws ApiError SONO_PAYLOAD_TOO_LARGE naming `body.<field>` when `text` is over `limitBytes` */
export function checkSize(field: string, text: string, limitBytes: number): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limitBytes) return;
  const message = `is ${bytes} bytes; the limit is ${limitBytes} bytes`;
  throw new ApiError('SONO_PAYLOAD_TOO_LARGE', `body.${field}: ${message}`, { issues: [{ path: `body.${field}`, message }] });
}

/** @throws ApiError SONO_UNKNOWN_LANGUAGE naming `body.language` and the languages known */
export function requireLanguage(ctx: Pick<ApiContext, 'languages'>, id: string): Language {
  const language = findLanguage(ctx.languages, id);
  if (language) return language;
  const names = ctx.languages.list().flatMap((item) => [item.id, ...(item.aliases ?? [])]);
  const message = `unknown language "${id}"${didYouMean(id, names)}; known: ${ctx.languages.list().map((item) => item.id).join(', ')}`;
  throw new ApiError('SONO_UNKNOWN_LANGUAGE', `body.language: ${message}`, { issues: [{ path: 'body.language', message }] });
}

/** @throws ApiError SONO_UNKNOWN_PROBLEM naming `body.problemId` */
export function unknownProblem(idOrSlug: string): ApiError {
  const message = `no problem with the id or slug "${idOrSlug}"`;
  return new ApiError('SONO_UNKNOWN_PROBLEM', `body.problemId: ${message}`, { issues: [{ path: 'body.problemId', message }] });
}
