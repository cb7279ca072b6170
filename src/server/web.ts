/**
 * The web page (src/web, built by Vite into dist/web) served by the api role at `/` with
 * @fastify/static, beside the API under /api/v1. The page is one HTML file and hashed assets: the
 * HTML is never cached (a new version is seen at once), the assets are cached for good. A
 * Content-Security-Policy lets the page run its own scripts only and talk to its own origin only,
 * so that nothing a problem's statement carries can run even if it got past the sanitiser.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { HttpApp } from './http.js';

/** `dist/web` of this package (from src/server or dist/server alike), or null when the page was not built. */
export function builtWebRoot(): string | null {
  const root = fileURLToPath(new URL('../../dist/web/', import.meta.url));
  return existsSync(join(root, 'index.html')) ? root : null;
}

export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // CodeMirror styles itself with style elements
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the built page at `/` (`root`: a folder with index.html and assets/). */
export async function registerWebPage(app: HttpApp, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    serveDotFiles: false,
    setHeaders: (reply, path) => {
      if (path.endsWith('.html')) {
        reply.header('cache-control', 'no-cache');
        reply.header('content-security-policy', PAGE_CSP);
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'no-referrer');
      } else {
        reply.header('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
}
