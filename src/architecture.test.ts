/**
 * The layers point one way (STYLE.md): cli and server are transports over the judge, the judge uses
 * the sandbox through its interface, and the sandbox knows nothing of problems. The protocol (what
 * server and clients say to each other) runs anywhere, a browser included: it uses only zod and
 * the judge's result, verdict and event modules. The client knows the server only through the
 * protocol; the CLI imports the server only to serve. The error catalogue (src/errors) sits beside
 * them all: every layer may import it, and it imports none. The public entry (src/index.ts) is the
 * engine's face for embedders: the judge, the sandbox and the catalogue, no transport. The web page
 * (src/web) runs in a browser: it knows the server only through the protocol and the client's pure
 * parts, and uses no Node module nor any package of the server's. This test
 * reads every import in src/, static and dynamic (`import('…')`), and fails on one that points
 * upward, on a package used below its layer, or on an import cycle between files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

/** Which top-level folders each folder may import from. */
const ALLOWED: Record<string, string[]> = {
  errors: ['errors'],
  sandbox: ['sandbox', 'errors'],
  judge: ['judge', 'sandbox', 'errors'],
  protocol: ['protocol', 'judge', 'errors'],
  client: ['client', 'protocol', 'judge', 'errors'],
  server: ['server', 'protocol', 'judge', 'sandbox', 'errors'],
  cli: ['cli', 'protocol', 'client', 'judge', 'sandbox', 'server', 'errors'],
  web: ['web', 'protocol', 'client', 'judge'],
  'index.ts': ['judge', 'sandbox', 'errors'],
};

/** Where a folder may reach into another only through some of its files. */
const ONLY_THROUGH: Record<string, Record<string, string[]>> = {
  // the judge's plain data: results, verdicts, events (no Node, no sandbox)
  protocol: { judge: ['judge/result.ts', 'judge/verdict.ts', 'judge/events.ts'] },
  // to serve: the settings table (for the flags) and runServe
  cli: { server: ['server/settings.ts', 'server/main.ts'] },
  // in the browser: the replay of the status stream and the API error, nothing that opens sockets
  web: { client: ['client/replay.ts', 'client/errors.ts'], judge: ['judge/result.ts', 'judge/verdict.ts', 'judge/events.ts'] },
};

/**
 * Packages a layer must not use: a transport's packages below the transport, and any package at all
 * in the error catalogue (which every layer loads).
 */
const FORBIDDEN_PACKAGES: Record<string, RegExp> = {
  errors: /^(?!node:)/,
  protocol: /^(?!zod$)/,
  client: /^(ink|react|chalk|commander|ioredis|bullmq|fastify|@fastify\/|better-sqlite3|mongodb|dockerode|yaml|zod)/,
  sandbox: /^(ink|react|chalk|commander|ws|ioredis|bullmq|fastify|@fastify\/|better-sqlite3|mongodb|yaml|zod)/,
  judge: /^(ink|react|chalk|commander|ws|ioredis|bullmq|fastify|@fastify\/|better-sqlite3|mongodb|dockerode)/,
  web: /^(node:|ink|chalk|commander|ws$|ioredis|bullmq|fastify|@fastify\/|better-sqlite3|mongodb|dockerode|yaml|yauzl)/,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    // the page's build configuration runs in Node at build time, not in the page
    if (entry.name === 'vite.config.ts') return [];
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The modules a source text loads at run time: `import … from`, `export … from`, `import '…'`, and
 * dynamic `import('…')` (awaited or not). Type-only imports vanish when compiled and are left out.
 */
function importsIn(source: string): string[] {
  const text = source.replace(/(?:^|\n)\s*(?:import|export)\s+type\s[^;]*;/g, '\n');
  const found: string[] = [];
  const statement = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;
  const dynamic = /\bimport\(\s*(?:'([^']+)'|"([^"]+)"|`([^`$]+)`)\s*\)/g;
  for (const match of text.matchAll(statement)) found.push(match[1] ?? match[2]);
  for (const match of text.matchAll(dynamic)) found.push(match[1] ?? match[2] ?? match[3]);
  return found;
}

function importsOf(file: string): string[] {
  return importsIn(readFileSync(file, 'utf8'));
}

/** The top-level folder of a file in src/ (or the file's name, for src/index.ts). */
function layerOf(file: string): string {
  return relative(SRC, file).split('/')[0];
}

function resolveLocal(from: string, specifier: string): string {
  return resolve(dirname(from), specifier).replace(/\.js$/, '.ts');
}

const files = sourceFiles(SRC);

describe('architecture', () => {
  it('imports only point down the layers: cli → client → protocol, cli/server → protocol → judge → sandbox', () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      if (!ALLOWED[layer]) continue;
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith('.')) {
          const target = layerOf(resolveLocal(file, specifier));
          const targetFile = relative(SRC, resolveLocal(file, specifier));
          const through = ONLY_THROUGH[layer]?.[target];
          if ((ALLOWED[target] && !ALLOWED[layer].includes(target)) || (through && !through.includes(targetFile))) {
            violations.push(`${relative(SRC, file)} → ${specifier}`);
          }
        } else if (FORBIDDEN_PACKAGES[layer]?.test(specifier)) {
          violations.push(`${relative(SRC, file)} → ${specifier} (a package this layer must not use)`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  // Lazy `import()` (ink loaded only for a terminal) counts too: it cannot fail to load, but two
  // files that need each other are one module in two places.
  it('has no import cycles between files, dynamic imports included', () => {
    const graph = new Map<string, string[]>();
    for (const file of files) {
      graph.set(
        file,
        importsOf(file)
          .filter((specifier) => specifier.startsWith('.'))
          .map((specifier) => resolveLocal(file, specifier))
          .map((target) => (graph.has(target) || files.includes(target) ? target : target.replace(/\.ts$/, '.tsx')))
          .filter((target) => files.includes(target)),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'visiting') {
          cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(SRC, f)).join(' → '));
        } else if (!state.has(next)) {
          visit(next);
        }
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('finds the imports it checks (the test is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(importsOf(join(SRC, 'judge/pipeline.ts'))).toContain('./aggregate.js');
    expect(importsOf(join(SRC, 'sandbox/errors.ts'))).toEqual([]); // a type-only import of the catalogue
    for (const layer of Object.keys(ALLOWED)) expect(files.some((file) => layerOf(file) === layer), layer).toBe(true);
    expect(importsOf(join(SRC, 'protocol/status.ts'))).toContain('../judge/result.js');
  });

  it('reads static, side-effect and dynamic imports, and leaves type-only ones out', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { T } from './types.js';",
      "import {\n  b,\n  type U,\n} from './b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "export type { V } from './v.js';",
      "import './e.js';",
      "const { f } = await import('./f.js');",
      "const [g, h] = await Promise.all([import('./g.js'), import(\n  \"./h.js\"\n)]);",
      'const i = () => import(`./i.js`);',
      "const text = 'not an import';",
    ].join('\n');
    expect(importsIn(source).sort()).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js', './h.js', './i.js']);
  });
});
