/**
 * Who is signed in: a token kept in this browser (localStorage), and what it is — a user (from
 * `GET /api/v1/users/me`) or the admin (a valid token that is refused there with 403). Signing
 * out forgets the token; drafts stay.
 */
import { createContext, useContext } from 'react';
import { apiFor, type Api } from './api.js';

const TOKEN_KEY = 'sonocode:token';

export type Identity = { kind: 'user'; id: string; name: string } | { kind: 'admin' };

export interface Session {
  token: string | null;
  identity: Identity | null;
  api: Api;
  signIn(token: string): Promise<Identity>;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionContext>');
  return session;
}

export function storedToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token === null) localStorage.removeItem(TOKEN_KEY);
  else localStorage.setItem(TOKEN_KEY, token);
}

/**
 * What a token is.
 * @throws SonocodeApiError SONO_UNAUTHORIZED for a token the server does not know
 */
export async function identify(token: string): Promise<Identity> {
  const who = await apiFor(token).whoami();
  return who.role === 'admin' ? { kind: 'admin' } : { kind: 'user', id: who.id ?? '', name: who.name ?? '' };
}
