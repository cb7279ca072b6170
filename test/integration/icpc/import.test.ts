/**
 * A package's default-validator flags survive `problems import` the same way whether it is written
 * to a native file (the CLI) or uploaded to a server (the API, through the same codec): the native
 * file as the loader reads it and the stored problem as the worker judges it have the same checker
 * and the same tests (a test group's flags as its tests' own checkers), the same warnings are
 * printed, and — where no warning says something was lost — the imported checker judges every probe
 * output as the package's own validator does. Runs the
 * built CLI against a real api (SQLite store, in-process queue) on a loopback port.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparatorFor } from '../../../src/judge/check/registry.js';
import { problemFromDocument } from '../../../src/judge/problem/document.js';
import { loadIcpcPackage } from '../../../src/judge/problem/icpc/load.js';
import { loadNativeProblem } from '../../../src/judge/problem/load.js';
import { readTestText } from '../../../src/judge/problem/test-data.js';
import type { CheckerSpec, Problem } from '../../../src/judge/problem/types.js';
import { buildApp } from '../../../src/server/app.js';
import { MemoryStatusBus } from '../../../src/server/events/memory.js';
import { memoryQueues } from '../../../src/server/queue/memory.js';
import type { Queues } from '../../../src/server/queue/types.js';
import { SqliteStore } from '../../../src/server/store/sqlite.js';

const root = path.resolve(import.meta.dirname, '../../..');
const ADMIN = 'import-admin-token-0123456789abcdef';

/** Legacy `validator_flags`, each a package of its own. */
const FLAG_SETS = [
  '',
  'case_sensitive',
  'space_change_sensitive',
  'case_sensitive space_change_sensitive',
  'float_tolerance 0.000001',
  'float_absolute_tolerance 0.01 case_sensitive',
  'float_relative_tolerance 0.01 case_sensitive space_change_sensitive',
];

/** An answer and outputs that tell the flags apart (case, spacing, a missing newline, numbers near and far). */
const ANSWER = 'Yes 1.000\n2 words\n';
const PROBES = [ANSWER, 'yes 1.000\n2 words\n', 'Yes  1.000\n2 words\n', 'Yes 1.000 2 words\n', 'Yes 1.005\n2 words\n', 'Yes 1.5\n2 words\n', 'Yes 1\n2 words\n', 'Yes 1.000\n2 words', 'Yes 1.000\n2 Words\n'];

let work: string;
let store: SqliteStore;
let queues: Queues;
let app: FastifyInstance;
let server: string;

/** The built CLI, run without blocking this process (the api it talks to runs here). */
function sonocode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/sonocode.js', ...args],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

async function packageWith(slug: string, flags: string): Promise<string> {
  const dir = path.join(work, slug);
  const files: Record<string, string> = {
    'problem.yaml': `name: Flags ${flags || 'none'}\nlimits: {time_limit: 1}\n${flags ? `validator_flags: ${flags}\n` : ''}`,
    'data/sample/1.in': '1\n',
    'data/sample/1.ans': ANSWER,
    'data/secret/1.in': '2\n',
    'data/secret/1.ans': ANSWER,
  };
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

/** What judging a problem depends on, for comparing two imports of it. */
async function judged(problem: Problem) {
  return {
    limits: problem.limits,
    checker: problem.checker,
    tests: await Promise.all(
      problem.testCases.map(async (test) => [test.name, test.sample, await readTestText(test.input), await readTestText(test.output), test.checker, test.checkerArgs]),
    ),
  };
}

function verdicts(spec: CheckerSpec): string[] {
  const compare = comparatorFor(spec);
  if (!compare) throw new Error(`no comparator for ${spec.type}`);
  return PROBES.map((output) => compare({ output: Buffer.from(output), expected: Buffer.from(ANSWER) }).verdict);
}

beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('build first: npm run build');
  work = await mkdtemp(path.join(tmpdir(), 'sonocode-import-'));
  store = new SqliteStore(path.join(work, 'api.db'));
  await store.init();
  queues = memoryQueues({ attempts: 1, backoffMs: 10 });
  app = await buildApp({ store, queues, bus: new MemoryStatusBus(), adminToken: ADMIN });
  server = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await queues?.close();
  await store?.close();
  await rm(work, { recursive: true, force: true });
});

describe('problems import: default-validator flags, to a file and to a server', () => {
  it.each(FLAG_SETS.map((flags, index) => [flags || '(none)', flags, `flags-${index}`]))('%s', async (_name, flags, slug) => {
    const pkg = await packageWith(slug, flags);
    const original = await loadIcpcPackage(pkg);

    const outFile = path.join(work, `${slug}-native`, 'problem.yaml');
    const toFile = await sonocode(['problems', 'import', pkg, '--out', outFile]);
    expect(toFile.code, toFile.stderr).toBe(0);
    const fromFile = await loadNativeProblem(outFile);

    const toServer = await sonocode(['problems', 'import', pkg, '--server', server, '--token', ADMIN]);
    expect(toServer.code, toServer.stderr).toBe(0);
    const stored = await store.getProblem(slug);
    expect(stored).not.toBeNull();
    const fromServer = problemFromDocument(stored!, { slug: stored!.slug });

    // the same problem either way, and the same warnings said about it
    expect(await judged(fromServer)).toEqual(await judged(fromFile));
    expect(toServer.stderr).toBe(toFile.stderr);
    // what no warning calls lost is judged as the package's own validator judges it
    if (toFile.stderr === '') expect(verdicts(fromFile.checker)).toEqual(verdicts(original.checker));
    else expect(toFile.stderr).toMatch(/^warning: validator flags "[^"]+"/);
  });

  it("per-group flags: the same per-test checkers and warnings either way, each judging as the package's where no warning names its group", async () => {
    const pkg = path.join(root, 'test/fixtures/icpc/float-2023');
    const outFile = path.join(work, 'float-native.yaml');
    const toFile = await sonocode(['problems', 'import', pkg, '--out', outFile]);
    expect(toFile.code, toFile.stderr).toBe(0);
    const toServer = await sonocode(['problems', 'import', pkg, '--server', server, '--token', ADMIN]);
    expect(toServer.code, toServer.stderr).toBe(0);
    expect(toServer.stderr).toBe(toFile.stderr);
    expect(toFile.stderr).toMatch(/^warning: validator flags "float_absolute_tolerance 0.000001" \(secret\/1-absolute\): /m);
    const stored = await store.getProblem('float-2023');
    const fromServer = problemFromDocument(stored!, { slug: 'float-2023' });
    const fromFile = await loadNativeProblem(outFile);
    expect(await judged(fromServer)).toEqual(await judged(fromFile));

    const original = await loadIcpcPackage(pkg);
    const compared: string[] = [];
    for (const [index, test] of original.testCases.entries()) {
      if (toFile.stderr.includes(`(${test.name.slice(0, test.name.lastIndexOf('/'))})`)) continue;
      expect(verdicts(fromFile.testCases[index].checker ?? fromFile.checker), test.name).toEqual(verdicts(test.checker ?? original.checker));
      compared.push(test.name);
    }
    expect(compared).toEqual(['sample/1', 'secret/3-any-case/1', 'secret/4-exact-case/1']);
  });
});
