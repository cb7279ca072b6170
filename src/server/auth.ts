/**
 * Who is calling: the admin (its token from the configuration), a user (a token the admin made;
 * the store knows only its SHA-256), or no one. Routes say what they need in `config.auth`; the
 * onRequest hook answers 401/403 before the body is even read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { hashToken, sameSecret } from './ids.js';
import type { Store, User } from './store/types.js';

export type Principal = { kind: 'admin' } | { kind: 'user'; user: User };

/** What a route requires: `public` (anyone; a token, when sent, must be valid), `any` (admin or user), `user`, `admin`. */
export type AuthRequirement = 'public' | 'any' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    auth?: AuthRequirement;
  }
}

/** The token of an `Authorization: Bearer <token>` header; null without one. @throws ApiError 401 for another scheme */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ApiError('SONO_UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Finds the principal of a token. @throws ApiError 401 when the token is unknown */
export async function principalOf(token: string, store: Store, adminToken: string): Promise<Principal> {
  if (sameSecret(token, adminToken)) return { kind: 'admin' };
  const user = await store.getUserByTokenHash(hashToken(token));
  if (!user) throw new ApiError('SONO_UNAUTHORIZED', 'unknown token');
  return { kind: 'user', user };
}

export function authHook(store: Store, adminToken: string) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const need: AuthRequirement = request.routeOptions.config.auth ?? 'public';
    const token = bearerToken(request.headers.authorization);
    request.principal = token === null ? null : await principalOf(token, store, adminToken);
    if (need === 'public') return;
    const principal = request.principal;
    if (!principal) {
      throw new ApiError('SONO_UNAUTHORIZED', `missing token: send "Authorization: Bearer <token>" (${need === 'admin' ? 'the admin token' : 'a user token'})`);
    }
    if (need === 'admin' && principal.kind !== 'admin') throw new ApiError('SONO_FORBIDDEN', 'this route needs the admin token');
    if (need === 'user' && principal.kind !== 'user') {
      throw new ApiError('SONO_FORBIDDEN', 'this route needs a user token (create a user with POST /api/v1/users)');
    }
  };
}

/** The calling user; only for routes that require `user`. */
export function callingUser(request: FastifyRequest): User {
  const principal = request.principal;
  if (principal?.kind !== 'user') throw new ApiError('SONO_FORBIDDEN', 'this route needs a user token');
  return principal.user;
}

export function isAdmin(request: FastifyRequest): boolean {
  return request.principal?.kind === 'admin';
}
