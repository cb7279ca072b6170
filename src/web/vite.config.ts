/**
 * The web page's build (`npm run build`): src/web → dist/web, served by the api role at `/`.
 * Assets are bundled (no CDN, nothing fetched from elsewhere at run time) with hashed names, and
 * linked relatively, so that the page also works behind a proxy under a sub-path.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // one editor, five languages: a large bundle is expected
    chunkSizeWarningLimit: 2048,
    sourcemap: false,
  },
});
