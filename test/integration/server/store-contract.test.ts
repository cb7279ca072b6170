/**
 * The Store contract: one suite, every implementation. SQLite always; MongoDB when a real server
 * is given in SONOCODE_TEST_MONGO_URL (none can run on these machines: ../shared/ENVIRONMENT.md).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JudgeResult } from '../../../src/judge/result.js';
import { hashToken } from '../../../src/server/ids.js';
import { MongoStore } from '../../../src/server/store/mongo.js';
import { SqliteStore } from '../../../src/server/store/sqlite.js';
import type { Progress } from '../../../src/protocol/index.js';
import { StoreConflictError, type ProblemData, type Store } from '../../../src/server/store/types.js';
import { tempDir } from './helpers.js';

function problem(slug: string, overrides: Partial<ProblemData> = {}): ProblemData {
  return {
    slug,
    title: `Problem ${slug}`,
    description: 'Add two numbers.',
    difficulty: 'easy',
    limits: { timeLimitMs: 1000, memoryLimitMb: 128, outputLimitKb: 1024 },
    checker: { type: 'tokens' },
    testCases: [
      { name: 'sample-1', sample: true, input: '1 2\n', output: '3\n' },
      { name: 'test-1', sample: false, input: '5 5\n', output: '10\n' },
    ],
    codeStubs: [{ language: 'python', startSnippet: '', userSnippet: '# your code', endSnippet: '' }],
    ...overrides,
  };
}

function result(verdict: JudgeResult['verdict']): JudgeResult {
  return {
    verdict,
    language: 'python',
    problem: 'sum',
    compile: { ok: true, timeMs: 10, output: '' },
    tests: [{ name: 'sample-1', verdict, timeMs: 1, wallMs: 2, memoryKb: 100, sample: true }],
    timeMs: 1,
    memoryKb: 100,
  };
}

const progress = (rank: number): Progress => ({ rank, tests: [], current: { index: 0, total: 2, name: `at-${rank}` } });

function storeContract(open: () => Promise<{ store: Store; second?: () => Promise<Store>; cleanup: () => Promise<void> }>) {
  let store: Store;
  let cleanup: () => Promise<void>;
  let second: (() => Promise<Store>) | undefined;
  let counter = 0;
  const unique = (base: string) => `${base}-${Date.now().toString(36)}-${counter++}`;

  beforeAll(async () => {
    ({ store, cleanup, second } = await open());
  });
  afterAll(async () => {
    await cleanup?.();
  });

  describe('problems', () => {
    it('are created, found by id and by slug, listed as summaries, replaced and deleted', async () => {
      const slug = unique('sum');
      const created = await store.createProblem(problem(slug));
      expect(created.id).toMatch(/^[0-9a-f]{24}$/);
      expect(created.slug).toBe(slug);
      expect(await store.getProblem(created.id)).toMatchObject({ id: created.id, slug, testCases: problem(slug).testCases });
      expect((await store.getProblem(slug))?.id).toBe(created.id);
      expect(await store.getProblemRef(slug)).toEqual({ id: created.id, slug });
      expect(await store.getProblemRef(created.id)).toEqual({ id: created.id, slug });
      expect(await store.getProblemRef('no-such-slug')).toBeNull();

      const summaries = await store.listProblems({ limit: 500 });
      const summary = summaries.find((item) => item.id === created.id);
      expect(summary).toMatchObject({ slug, title: `Problem ${slug}`, testCount: 2, sampleCount: 1 });
      expect(summary).not.toHaveProperty('testCases');

      const renamed = unique('sum-renamed');
      const updated = await store.updateProblem(created.id, problem(renamed, { title: 'New title' }));
      expect(updated).toMatchObject({ id: created.id, slug: renamed, title: 'New title' });
      expect(await store.getProblem(slug)).toBeNull();
      expect(await store.deleteProblem(created.id)).toBe(true);
      expect(await store.getProblem(created.id)).toBeNull();
      expect(await store.deleteProblem(created.id)).toBe(false);
    });

    it('refuse a slug that is taken, on create and on update', async () => {
      const slug = unique('taken');
      await store.createProblem(problem(slug));
      await expect(store.createProblem(problem(slug))).rejects.toBeInstanceOf(StoreConflictError);
      const other = await store.createProblem(problem(unique('other')));
      await expect(store.updateProblem(other.id, problem(slug))).rejects.toMatchObject({ code: 'STORE_CONFLICT', field: 'slug' });
    });

    it('answer null for what does not exist, whatever the id looks like', async () => {
      expect(await store.getProblem('no-such-problem')).toBeNull();
      expect(await store.getProblem('0123456789abcdef01234567')).toBeNull();
      expect(await store.updateProblem('0123456789abcdef01234567', problem(unique('x')))).toBeNull();
      expect(await store.deleteProblem('not-an-id')).toBe(false);
    });
  });

  describe('users', () => {
    it('are found by the hash of their token, never by the token', async () => {
      const token = unique('token');
      const user = await store.createUser({ name: 'Ann', tokenHash: hashToken(token) });
      expect(await store.getUserByTokenHash(hashToken(token))).toEqual(user);
      expect(await store.getUserByTokenHash(token)).toBeNull();
      expect(await store.getUser(user.id)).toEqual(user);
      await expect(store.createUser({ name: 'Bob', tokenHash: hashToken(token) })).rejects.toBeInstanceOf(StoreConflictError);
    });
  });

  describe('submissions', () => {
    it('start pending and are listed newest first, by user and by problem', async () => {
      const p = await store.createProblem(problem(unique('list')));
      const userA = unique('user');
      const userB = unique('user');
      const first = await store.createSubmission({ userId: userA, problemId: p.id, language: 'python', code: 'print(1)' });
      const second = await store.createSubmission({ userId: userA, problemId: p.id, language: 'c', code: 'int main(){}' });
      const third = await store.createSubmission({ userId: userB, problemId: p.id, language: 'python', code: 'print(2)' });
      expect(first).toMatchObject({ status: 'pending', progress: { rank: 0, tests: [] }, code: 'print(1)' });
      expect(await store.getSubmission(first.id)).toMatchObject({ id: first.id, userId: userA, problemId: p.id, status: 'pending' });

      const mine = await store.listSubmissions({ userId: userA });
      expect(mine.map((item) => item.id)).toEqual([second.id, first.id]);
      expect(mine[0]).not.toHaveProperty('code');
      expect((await store.listSubmissions({ problemId: p.id })).map((item) => item.id)).toEqual([third.id, second.id, first.id]);
      expect((await store.listSubmissions({ problemId: p.id, limit: 1, offset: 1 })).map((item) => item.id)).toEqual([second.id]);
      expect(await store.getSubmission('0123456789abcdef01234567')).toBeNull();
      expect(await store.getSubmission('nope')).toBeNull();
    });

    it('are listed by their last change: created, moved forward or finished at or after a time', async () => {
      const userId = unique('user');
      const untouched = await store.createSubmission({ userId, problemId: unique('p'), language: 'python', code: 'x' });
      const moved = await store.createSubmission({ userId, problemId: unique('p'), language: 'python', code: 'x' });
      const finished = await store.createSubmission({ userId, problemId: unique('p'), language: 'python', code: 'x' });
      await sleep(20);
      const since = new Date();
      const fresh = await store.createSubmission({ userId, problemId: unique('p'), language: 'python', code: 'x' });
      await store.updateProgress(moved.id, 'compiling', progress(1));
      await store.finish(finished.id, result('WA'));
      const changed = await store.listSubmissions({ userId, updatedSince: since });
      expect(new Set(changed.map((item) => item.id))).toEqual(new Set([fresh.id, moved.id, finished.id]));
      expect(changed.map((item) => item.id)).not.toContain(untouched.id);
    });

    it("give a user's standing per problem: solved once accepted, tried otherwise, absent when never submitted", async () => {
      const [solved, tried, untouched] = await Promise.all(['solved', 'tried', 'untouched'].map((name) => store.createProblem(problem(unique(name)))));
      const user = unique('user');
      const other = unique('user');
      const submit = async (userId: string, problemId: string, verdict?: 'AC' | 'WA') => {
        const submission = await store.createSubmission({ userId, problemId, language: 'python', code: 'x' });
        if (verdict) await store.finish(submission.id, result(verdict));
      };
      await submit(user, solved.id, 'WA');
      await submit(user, solved.id, 'AC');
      await submit(user, solved.id, 'WA');
      await submit(user, tried.id, 'WA');
      await submit(user, tried.id);
      await submit(other, untouched.id, 'AC');
      await submit(other, tried.id, 'AC');
      const statuses = await store.problemStatuses(user, [solved.id, tried.id, untouched.id]);
      expect(Object.fromEntries(statuses)).toEqual({ [solved.id]: 'solved', [tried.id]: 'tried' });
      expect(await store.problemStatuses(user, [])).toEqual(new Map());
      expect(Object.fromEntries(await store.problemStatuses(user, [tried.id]))).toEqual({ [tried.id]: 'tried' });
    });

    it('only move forward: a lower rank, or any update after done, is ignored', async () => {
      const s = await store.createSubmission({ userId: unique('user'), problemId: unique('p'), language: 'python', code: 'x' });
      expect(await store.updateProgress(s.id, 'compiling', progress(1))).toBe(true);
      expect(await store.updateProgress(s.id, 'running', progress(5))).toBe(true);
      expect(await store.updateProgress(s.id, 'compiling', progress(2))).toBe(false);
      expect(await store.updateProgress(s.id, 'running', progress(5))).toBe(false);
      expect(await store.getSubmission(s.id)).toMatchObject({ status: 'running', progress: { rank: 5, current: { name: 'at-5' } } });
      expect(await store.finish(s.id, result('AC'))).toBe(true);
      expect(await store.updateProgress(s.id, 'running', progress(50))).toBe(false);
      expect(await store.getSubmission(s.id)).toMatchObject({ status: 'done', verdict: 'AC', result: result('AC') });
    });

    it('store the final verdict exactly once, even when results race', async () => {
      const s = await store.createSubmission({ userId: unique('user'), problemId: unique('p'), language: 'python', code: 'x' });
      const verdicts = ['WA', 'AC', 'TLE', 'RE', 'AC'] as const;
      const outcomes = await Promise.all(verdicts.map((verdict) => store.finish(s.id, result(verdict))));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const winner = verdicts[outcomes.indexOf(true)];
      expect(await store.getSubmission(s.id)).toMatchObject({ status: 'done', verdict: winner });
      expect(await store.finish(s.id, result('IE'))).toBe(false);
      expect(await store.finish('0123456789abcdef01234567', result('AC'))).toBe(false);
    });

    it('list the unfinished ones that have not moved for a while, for the reconciler', async () => {
      const user = unique('user');
      const waiting = await store.createSubmission({ userId: user, problemId: unique('p'), language: 'python', code: 'x' });
      const done = await store.createSubmission({ userId: user, problemId: unique('p'), language: 'python', code: 'x' });
      await store.finish(done.id, result('AC'));
      const ids = (await store.listUnfinished({ olderThanMs: 0, limit: 10_000 })).map((item) => item.id);
      expect(ids).toContain(waiting.id);
      expect(ids).not.toContain(done.id);
      const recent = (await store.listUnfinished({ olderThanMs: 60_000, limit: 10_000 })).map((item) => item.id);
      expect(recent).not.toContain(waiting.id);
    });

    it('are shared by every connection to the same store (as processes share it)', async () => {
      if (!second) return;
      const other = await second();
      try {
        const s = await store.createSubmission({ userId: unique('user'), problemId: unique('p'), language: 'python', code: 'x' });
        expect((await other.getSubmission(s.id))?.status).toBe('pending');
        const outcomes = await Promise.all([store.finish(s.id, result('AC')), other.finish(s.id, result('WA'))]);
        expect(outcomes.filter(Boolean)).toHaveLength(1);
        expect((await store.getSubmission(s.id))?.verdict).toBe((await other.getSubmission(s.id))?.verdict);
      } finally {
        await other.close();
      }
    });
  });
}

describe('SqliteStore', () => {
  storeContract(async () => {
    const dir = tempDir('store');
    const file = join(dir.path, 'sonocode.db');
    const store = new SqliteStore(file);
    await store.init();
    return {
      store,
      second: async () => {
        const other = new SqliteStore(file);
        await other.init();
        return other;
      },
      cleanup: async () => {
        await store.close();
        dir.remove();
      },
    };
  });
});

const mongoUrl = process.env.SONOCODE_TEST_MONGO_URL;
const describeMongo = mongoUrl ? describe : describe.skip;
if (!mongoUrl) console.warn('MongoStore contract skipped: set SONOCODE_TEST_MONGO_URL to a MongoDB server to run it (none can run here; ../shared/ENVIRONMENT.md)');
describeMongo(
  mongoUrl
    ? 'MongoStore'
    : 'MongoStore — skipped: SONOCODE_TEST_MONGO_URL is not set (no MongoDB server can run on these machines; see ../shared/ENVIRONMENT.md)',
  () => {
    storeContract(async () => {
      const dbName = `sonocode_test_${Date.now().toString(36)}`;
      const store = new MongoStore(mongoUrl!, { dbName });
      await store.init();
      return {
        store,
        second: async () => {
          const other = new MongoStore(mongoUrl!, { dbName });
          await other.init();
          return other;
        },
        cleanup: async () => {
          const { MongoClient } = await import('mongodb');
          const client = new MongoClient(mongoUrl!);
          await client.db(dbName).dropDatabase().catch(() => {});
          await client.close();
          await store.close();
        },
      };
    });
  },
);
