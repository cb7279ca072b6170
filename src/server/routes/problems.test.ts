/**
 * Problem routes the web page needs, through `inject()` over a real SQLite store: the list with the
 * calling user's status per problem, and importing a problem file — a native YAML file, or a
 * package as a zip unpacked into a private folder — with the archives that must be refused
 * (entries or links reaching outside, too many entries, too large, not a zip).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { MemoryStatusBus } from '../events/memory.js';
import type { HttpApp } from '../http.js';
import { extractZip } from '../problem-upload.js';
import { memoryQueues } from '../queue/memory.js';
import type { Queues } from '../queue/types.js';
import { SqliteStore } from '../store/sqlite.js';

const ADMIN = 'admin-token-for-problem-tests-0123';
const ROOT = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'sonocode-problems-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const as = (token: string) => ({ authorization: `Bearer ${token}` });

interface ZipEntry {
  name: string;
  content?: string | Buffer;
  /** A symbolic link to this target. */
  link?: string;
}

/**
 * A zip of stored (uncompressed) entries, written byte by byte so that a test can put in it what
 * no archiver would: `../` names, absolute names, links anywhere.
 */
function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = Buffer.from(entry.link ?? entry.content ?? '');
    const mode = entry.link !== undefined ? 0o120777 : entry.name.endsWith('/') ? 0o040755 : 0o100644;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made on Unix: the external attributes hold the mode
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Every file of a folder as zip entries, under `prefix`. */
function folderEntries(folder: string, prefix: string): ZipEntry[] {
  const walk = (path: string): ZipEntry[] =>
    readdirSync(path).flatMap((name) => {
      const full = join(path, name);
      return statSync(full).isDirectory() ? walk(full) : [{ name: `${prefix}${relative(folder, full)}`, content: readFileSync(full) }];
    });
  return walk(folder);
}

const NATIVE_YAML = `title: Echo It
difficulty: easy
description: |
  Print the input.
testCases:
  - {input: "1\\n", output: "1\\n", sample: true}
  - {input: "2\\n", output: "2\\n"}
codeStubs:
  - {language: python, userSnippet: "def echo(x):\\n    pass\\n", startSnippet: "", endSnippet: ""}
`;

describe('problem routes for the web page', () => {
  let store: SqliteStore;
  let queues: Queues;
  let app: HttpApp;
  let ann: { id: string; token: string };
  const upload = (name: string, body: Buffer | string, type: string, token = ADMIN, query = '') =>
    app.inject({ method: 'POST', url: `/api/v1/problems/import?name=${encodeURIComponent(name)}${query}`, headers: { ...as(token), 'content-type': type }, payload: body });

  beforeAll(async () => {
    store = new SqliteStore(join(dir, 'problems.db'));
    await store.init();
    queues = memoryQueues({ attempts: 1, backoffMs: 10 });
    app = await buildApp({ store, queues, bus: new MemoryStatusBus(), adminToken: ADMIN });
    ann = (await app.inject({ method: 'POST', url: '/api/v1/users', headers: as(ADMIN), payload: { name: 'ann' } })).json();
  });
  afterAll(async () => {
    await app.close();
    await queues.close();
    await store.close();
  });

  describe('POST /api/v1/problems/import', () => {
    it('imports a native YAML file: the slug from the file name, hidden tests kept, whole stubs', async () => {
      const response = await upload('echo-it.yaml', NATIVE_YAML, 'application/yaml');
      expect(response.statusCode).toBe(201);
      const { problem, warnings } = response.json();
      expect(warnings).toEqual([]);
      expect(problem).toMatchObject({ slug: 'echo-it', title: 'Echo It', difficulty: 'easy', testCount: 2, hiddenTestCount: 1 });
      expect(problem.codeStubs[0]).toMatchObject({ language: 'python', userSnippet: 'def echo(x):\n    pass\n' });
      expect(await store.getProblem('echo-it')).toMatchObject({ title: 'Echo It' });
    });

    it('refuses the same slug again (409), and replaces it with replace=true', async () => {
      expect((await upload('echo-it.yaml', NATIVE_YAML, 'text/yaml')).json()).toMatchObject({ code: 'SONO_CONFLICT' });
      const replaced = await upload('echo-it.yaml', NATIVE_YAML.replace('Echo It', 'Echo It Again'), 'text/yaml', ADMIN, '&replace=true');
      expect(replaced.statusCode).toBe(200);
      expect(replaced.json().problem.title).toBe('Echo It Again');
    });

    it('reports every issue of a bad YAML file by its field, without the server folder in any message', async () => {
      const response = await upload('bad.yaml', 'title: 5\ntestCases: nope\n', 'application/yaml');
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body.code).toBe('SONO_VALIDATION');
      expect(body.issues.map((issue: { path: string }) => issue.path)).toEqual(expect.arrayContaining(['body.title', 'body.testCases']));
      expect(response.body).not.toContain(tmpdir());
    });

    it('imports an ICPC package zipped in its own folder, a link inside it kept', async () => {
      const entries = [...folderEntries(join(ROOT, 'test/fixtures/icpc/float-2023'), 'float-2023/'), { name: 'float-2023/notes.txt', link: 'problem.yaml' }];
      const response = await upload('whatever.zip', zip(entries), 'application/zip');
      expect(response.statusCode).toBe(201);
      const { problem, warnings } = response.json();
      expect(problem).toMatchObject({ slug: 'float-2023', title: 'Echo with Tolerance' });
      expect(problem.testCount).toBeGreaterThan(1);
      // the package's per-group flags are its tests' own checkers; the admin is told what they lose
      expect(problem.testCases.find((test: { name: string }) => test.name === 'secret/1-absolute/1')?.checker).toEqual({ type: 'float', absTol: 1e-6 });
      expect(warnings).toEqual([
        expect.stringMatching(/^validator flags "float_absolute_tolerance 0.000001" \(secret\/1-absolute\): the native float checker compares words case-sensitively/),
        expect.stringMatching(/^validator flags "float_relative_tolerance 0.000001" \(secret\/2-relative\): /),
      ]);
    });

    it('imports a native problem folder zipped at its top (the slug from the zip name)', async () => {
      const response = await upload('two-sum.zip', zip(folderEntries(join(ROOT, 'problems/two-sum'), '')), 'application/zip');
      expect(response.statusCode).toBe(201);
      expect(response.json().problem).toMatchObject({ slug: 'two-sum', title: 'Two Sum' });
    });

    it.each([
      ['an entry climbing out with ../', [{ name: '../escaped.txt', content: 'x' }], /invalid relative path|outside/],
      ['an absolute entry', [{ name: '/tmp/escaped.txt', content: 'x' }], /absolute path|outside/],
      ['a link to an absolute path', [{ name: 'problem.yaml', content: NATIVE_YAML }, { name: 'leak', link: '/etc/passwd' }], /the link "leak" points outside/],
      ['a link climbing out', [{ name: 'problem.yaml', content: NATIVE_YAML }, { name: 'leak', link: '../../../etc/passwd' }], /the link "leak" points outside/],
      [
        'a link that climbs out only through another link',
        [{ name: 'problem.yaml', content: NATIVE_YAML }, { name: 'sub/up', link: '..' }, { name: 'leak', link: 'sub/up/..' }],
        /the link "leak" points outside/,
      ],
      ['a link to nothing', [{ name: 'problem.yaml', content: NATIVE_YAML }, { name: 'dangling', link: 'missing' }], /the link "dangling" points outside the archive's folder, or to nothing/],
      ['an entry named twice', [{ name: 'problem.yaml', content: NATIVE_YAML }, { name: 'problem.yaml', content: 'title: other' }], /cannot be unpacked/],
      ['no problem in it', [{ name: 'a/readme.txt', content: 'x' }, { name: 'b/readme.txt', content: 'x' }], /holds no problem/],
    ] as const)('refuses %s (400), and leaves nothing behind', async (_name, entries, message) => {
      const before = readdirSync(tmpdir()).filter((name) => name.startsWith('sonocode-upload-')).length;
      const response = await upload('evil.zip', zip([...entries]), 'application/zip');
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(message);
      expect(readdirSync(tmpdir()).filter((name) => name.startsWith('sonocode-upload-')).length).toBe(before);
      expect(await store.getProblem('evil')).toBeNull();
    });

    it('refuses bytes that are not a zip (400), another content type (415) and a user token (403)', async () => {
      expect((await upload('x.zip', 'not a zip at all', 'application/zip')).json()).toMatchObject({ code: 'SONO_VALIDATION', message: expect.stringMatching(/not a zip archive/) });
      expect((await upload('x.zip', 'x', 'application/octet-stream')).statusCode).toBe(415);
      expect((await upload('x.yaml', NATIVE_YAML, 'application/yaml', ann.token)).statusCode).toBe(403);
    });

    it('bounds the archive: too many entries, or too many bytes unpacked (413 from the unpacker)', async () => {
      const target = join(dir, 'bounded');
      const many = zip(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, content: 'x' })));
      await expect(extractZip(many, `${target}-1`, { maxEntries: 4, maxUnpackedBytes: 1000 })).rejects.toMatchObject({ code: 'SONO_PAYLOAD_TOO_LARGE' });
      const big = zip([{ name: 'big', content: Buffer.alloc(2000) }]);
      await expect(extractZip(big, `${target}-2`, { maxEntries: 4, maxUnpackedBytes: 1000 })).rejects.toMatchObject({ code: 'SONO_PAYLOAD_TOO_LARGE' });
      await expect(extractZip(zip([{ name: 'ok', content: 'x' }]), `${target}-3`, { maxEntries: 4, maxUnpackedBytes: 1000 })).resolves.toBeUndefined();
    });
  });

  describe('GET /api/v1/problems', () => {
    it("gives a user their status per problem (solved, tried, none), and no one else's", async () => {
      const list = async (token?: string) =>
        (await app.inject({ method: 'GET', url: '/api/v1/problems', ...(token ? { headers: as(token) } : {}) })).json<{ slug: string; status?: string }[]>();
      const [twoSum, echo] = await Promise.all([store.getProblemRef('two-sum'), store.getProblemRef('echo-it')]);
      const solved = await store.createSubmission({ userId: ann.id, problemId: twoSum!.id, language: 'python', code: 'x' });
      const result = { language: 'python', problem: 'two-sum', compile: { ok: true, timeMs: 1, output: '' }, tests: [], timeMs: 1, memoryKb: 1 };
      await store.finish(solved.id, { ...result, verdict: 'AC' });
      const tried = await store.createSubmission({ userId: ann.id, problemId: echo!.id, language: 'python', code: 'x' });
      await store.finish(tried.id, { ...result, verdict: 'WA' });
      const bob = (await app.inject({ method: 'POST', url: '/api/v1/users', headers: as(ADMIN), payload: { name: 'bob' } })).json();

      const status = (items: { slug: string; status?: string }[]) => Object.fromEntries(items.map((item) => [item.slug, item.status ?? 'none']));
      expect(status(await list(ann.token))).toEqual({ 'two-sum': 'solved', 'echo-it': 'tried', 'float-2023': 'none' });
      expect(status(await list(bob.token))).toEqual({ 'two-sum': 'none', 'echo-it': 'none', 'float-2023': 'none' });
      expect(status(await list())).toEqual({ 'two-sum': 'none', 'echo-it': 'none', 'float-2023': 'none' });
    });
  });
});
