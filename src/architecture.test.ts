/**
 * The layers point one way (STYLE.md): cli and server are transports over the judge, the judge uses
 * the sandbox through its interface, and the sandbox knows nothing of problems. The protocol (what
 * server and clients say to each other) runs anywhere, a browser included: it uses only zod and
 * the judge's result, verdict and event modules. The client knows the server only through the
 * protocol; the CLI imports the server only to serve. This test reads every import in src/ and
 * fails on one that points upward, on a transport library used below its layer, or on an import
 * cycle between files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

/** Which top-level folders each folder may import from. */
const ALLOWED: Record<string, string[]> = {
  sandbox: ['sandbox'],
  judge: ['judge', 'sandbox'],
  protocol: ['protocol', 'judge'],
  client: ['client', 'protocol', 'judge', 'server'],
  server: ['server', 'protocol', 'judge', 'sandbox'],
  cli: ['cli', 'protocol', 'client', 'judge', 'sandbox', 'server'],
};

/** Where a folder may reach into another only through some of its files. */
const ONLY_THROUGH: Record<string, Record<string, string[]>> = {
  // the judge's plain data: results, verdicts, events (no Node, no sandbox)
  protocol: { judge: ['judge/result.ts', 'judge/verdict.ts', 'judge/events.ts'] },
  // to serve: the settings table (for the flags) and runServe; server/problems.ts is the problem
  // codec, which moves to src/judge/problem (issue 8, item 3) and then leaves this list
  cli: { server: ['server/settings.ts', 'server/main.ts', 'server/problems.ts'] },
  client: { server: ['server/problems.ts'] },
};

/** Packages that belong to a transport and must not appear below it (or, for the protocol, anything but zod). */
const TRANSPORT_PACKAGES: Record<string, RegExp> = {
  sandbox: /^(ink|react|chalk|commander|ws|ioredis|bullmq|fastify|@fastify\/|better-sqlite3|mongodb|yaml|zod)/,
  judge: /^(ink|react|chalk|commander|ws|ioredis|bullmq|fastify|@fastify\/|better-sqlite3|mongodb|dockerode)/,
  protocol: /^(?!zod$)/,
  client: /^(ink|react|chalk|commander|ioredis|bullmq|fastify|@fastify\/|better-sqlite3|mongodb|dockerode|yaml|zod)/,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Runtime imports (type-only imports vanish when compiled and cannot form a load cycle). */
function importsOf(file: string, { dynamic = true } = {}): string[] {
  const text = readFileSync(file, 'utf8').replace(/(?:^|\n)\s*(?:import|export)\s+type\s[^;]*;/g, '\n');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    if (match[1] !== undefined || dynamic) found.push(match[1] ?? match[2]);
  }
  return found;
}

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
          const targetFile = relative(SRC, resolveLocal(file, specifier));
          const target = layerOf(resolveLocal(file, specifier));
          const through = ONLY_THROUGH[layer]?.[target];
          if ((ALLOWED[target] && !ALLOWED[layer].includes(target)) || (through && !through.includes(targetFile))) {
            violations.push(`${relative(SRC, file)} → ${specifier}`);
          }
        } else if (TRANSPORT_PACKAGES[layer]?.test(specifier)) {
          violations.push(`${relative(SRC, file)} → ${specifier} (a package this layer may not use)`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  // Lazy `import()` (ink loaded only for a terminal) is left out: it runs after both modules loaded.
  it('has no import cycles between files', () => {
    const graph = new Map<string, string[]>();
    for (const file of files) {
      graph.set(
        file,
        importsOf(file, { dynamic: false })
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
    for (const layer of Object.keys(ALLOWED)) expect(files.some((file) => layerOf(file) === layer), layer).toBe(true);
    expect(importsOf(join(SRC, 'protocol/status.ts'))).toContain('../judge/result.js');
  });
});
