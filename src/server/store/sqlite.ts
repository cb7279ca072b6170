/**
 * The SQLite store (better-sqlite3): the embedded default, and what roles on one machine share
 * (`--db PATH`). WAL lets readers and one writer work at once across processes; busy_timeout
 * makes a writer wait for another instead of failing. Calls are synchronous and short.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { JudgeResult } from '../../judge/result.js';
import { EMPTY_PROGRESS, type Progress } from '../../protocol/progress.js';
import { newId } from '../ids.js';
import {
  pageOf,
  StoreConflictError,
  type NewSubmission,
  type Page,
  type ProblemData,
  type ProblemStatus,
  type ProblemSummary,
  type Store,
  type StoredProblem,
  type Submission,
  type SubmissionFilter,
  type SubmissionSummary,
  type User,
} from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS problems (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  difficulty TEXT,
  test_count INTEGER NOT NULL,
  sample_count INTEGER NOT NULL,
  document TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  problem_id TEXT NOT NULL,
  language TEXT NOT NULL,
  code TEXT NOT NULL,
  status TEXT NOT NULL,
  verdict TEXT,
  progress TEXT NOT NULL,
  progress_rank INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS submissions_by_user ON submissions (user_id, created_at);
CREATE INDEX IF NOT EXISTS submissions_by_problem ON submissions (problem_id, created_at);
CREATE INDEX IF NOT EXISTS submissions_unfinished ON submissions (status, updated_at);
`;

interface ProblemRow {
  id: string;
  slug: string;
  title: string;
  difficulty: string | null;
  test_count: number;
  sample_count: number;
  document: string;
  created_at: number;
  updated_at: number;
}

interface SubmissionRow {
  id: string;
  user_id: string;
  problem_id: string;
  language: string;
  code: string;
  status: Submission['status'];
  verdict: Submission['verdict'] | null;
  progress: string;
  result: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface SqliteStoreOptions {
  /** How long a writer waits for another process's lock, in milliseconds. @defaultValue 10000 */
  busyTimeoutMs?: number;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  private readonly busyTimeoutMs: number;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    this.busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    this.db = new Database(file, { timeout: this.busyTimeoutMs });
    this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
  }

  /** A prepared statement, prepared once (preparing costs more than running). */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /**
   * Switches the file to WAL and creates the tables, waiting for other processes like every later
   * write does (up to the busy timeout). The switch to WAL needs an exclusive lock, and SQLite
   * answers "database is locked" at once — without the busy handler — when another process holds
   * a write lock on a file still in rollback mode: roles started together on a fresh file do. So
   * the whole step is tried again until the timeout. It is idempotent.
   *
   * @throws the SQLite error when the file stays locked past the busy timeout, or any other one
   */
  async init(): Promise<void> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.db.pragma('journal_mode', { simple: true }) !== 'wal') this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        this.db.pragma('foreign_keys = OFF');
        this.db.exec(SCHEMA);
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        // spread out, so that processes that collided do not collide again
        await sleep(Math.min(10 * attempt, 200) * (0.5 + Math.random()));
      }
    }
  }

  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // ------------------------------------------------------------------------------------------
  // Problems

  async createProblem(problem: ProblemData): Promise<StoredProblem> {
    const now = Date.now();
    const id = newId(now);
    try {
      this
        .sql(
          `INSERT INTO problems (id, slug, title, difficulty, test_count, sample_count, document, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, problem.slug, problem.title, problem.difficulty ?? null, ...counts(problem), JSON.stringify(problem), now, now);
    } catch (error) {
      throw conflict(error, problem.slug);
    }
    return { ...structuredClone(problem), id, createdAt: new Date(now), updatedAt: new Date(now) };
  }

  async getProblemRef(idOrSlug: string): Promise<{ id: string; slug: string } | null> {
    const row = this.sql('SELECT id, slug FROM problems WHERE id = ? OR slug = ? ORDER BY (id = ?) DESC LIMIT 1').get(idOrSlug, idOrSlug, idOrSlug) as
      | { id: string; slug: string }
      | undefined;
    return row ?? null;
  }

  async getProblem(idOrSlug: string): Promise<StoredProblem | null> {
    const row = this
      .sql('SELECT * FROM problems WHERE id = ? OR slug = ? ORDER BY (id = ?) DESC LIMIT 1')
      .get(idOrSlug, idOrSlug, idOrSlug) as ProblemRow | undefined;
    return row ? problemOf(row) : null;
  }

  async listProblems(page?: Page): Promise<ProblemSummary[]> {
    const { limit, offset } = pageOf(page);
    const rows = this
      .sql('SELECT id, slug, title, difficulty, test_count, sample_count, created_at FROM problems ORDER BY created_at, id LIMIT ? OFFSET ?')
      .all(limit, offset) as ProblemRow[];
    return rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      ...(row.difficulty ? { difficulty: row.difficulty as ProblemSummary['difficulty'] } : {}),
      testCount: row.test_count,
      sampleCount: row.sample_count,
      createdAt: new Date(row.created_at),
    }));
  }

  async updateProblem(id: string, problem: ProblemData): Promise<StoredProblem | null> {
    const now = Date.now();
    let changes: number;
    try {
      changes = this
        .sql(
          `UPDATE problems SET slug = ?, title = ?, difficulty = ?, test_count = ?, sample_count = ?, document = ?, updated_at = ?
           WHERE id = ?`,
        )
        .run(problem.slug, problem.title, problem.difficulty ?? null, ...counts(problem), JSON.stringify(problem), now, id).changes;
    } catch (error) {
      throw conflict(error, problem.slug);
    }
    return changes === 1 ? this.getProblem(id) : null;
  }

  async deleteProblem(id: string): Promise<boolean> {
    return this.sql('DELETE FROM problems WHERE id = ?').run(id).changes === 1;
  }

  // ------------------------------------------------------------------------------------------
  // Users

  async createUser(user: { name: string; tokenHash: string }): Promise<User> {
    const now = Date.now();
    const id = newId(now);
    try {
      this.sql('INSERT INTO users (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)').run(id, user.name, user.tokenHash, now);
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreConflictError('tokenHash', 'this token is in use already');
      throw error;
    }
    return { id, name: user.name, createdAt: new Date(now) };
  }

  async getUser(id: string): Promise<User | null> {
    const row = this.sql('SELECT id, name, created_at FROM users WHERE id = ?').get(id) as
      | { id: string; name: string; created_at: number }
      | undefined;
    return row ? { id: row.id, name: row.name, createdAt: new Date(row.created_at) } : null;
  }

  async getUserByTokenHash(tokenHash: string): Promise<User | null> {
    const row = this.sql('SELECT id, name, created_at FROM users WHERE token_hash = ?').get(tokenHash) as
      | { id: string; name: string; created_at: number }
      | undefined;
    return row ? { id: row.id, name: row.name, createdAt: new Date(row.created_at) } : null;
  }

  // ------------------------------------------------------------------------------------------
  // Submissions

  async createSubmission(submission: NewSubmission): Promise<Submission> {
    const now = Date.now();
    const id = newId(now);
    this
      .sql(
        `INSERT INTO submissions (id, user_id, problem_id, language, code, status, progress, progress_rank, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, ?, ?)`,
      )
      .run(id, submission.userId, submission.problemId, submission.language, submission.code, JSON.stringify(EMPTY_PROGRESS), now, now);
    return {
      id,
      ...submission,
      status: 'pending',
      progress: { rank: 0, tests: [] },
      createdAt: new Date(now),
      updatedAt: new Date(now),
    };
  }

  async getSubmission(id: string): Promise<Submission | null> {
    const row = this.sql('SELECT * FROM submissions WHERE id = ?').get(id) as SubmissionRow | undefined;
    return row ? submissionOf(row) : null;
  }

  async listSubmissions(filter: SubmissionFilter & Page): Promise<SubmissionSummary[]> {
    const { limit, offset } = pageOf(filter);
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.userId !== undefined) {
      where.push('user_id = ?');
      values.push(filter.userId);
    }
    if (filter.problemId !== undefined) {
      where.push('problem_id = ?');
      values.push(filter.problemId);
    }
    if (filter.updatedSince !== undefined) {
      where.push('updated_at >= ?');
      values.push(filter.updatedSince.getTime());
    }
    const rows = this
      .sql(
        `SELECT id, user_id, problem_id, language, status, verdict, created_at, updated_at, finished_at FROM submissions
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(...values, limit, offset) as SubmissionRow[];
    return rows.map(summaryOf);
  }

  async updateProgress(id: string, status: 'compiling' | 'running', progress: Progress): Promise<boolean> {
    const result = this
      .sql(
        `UPDATE submissions SET status = ?, progress = ?, progress_rank = ?, updated_at = ?
         WHERE id = ? AND status != 'done' AND progress_rank < ?`,
      )
      .run(status, JSON.stringify(progress), progress.rank, Date.now(), id, progress.rank);
    return result.changes === 1;
  }

  async finish(id: string, result: JudgeResult): Promise<boolean> {
    const now = Date.now();
    const changes = this
      .sql(
        `UPDATE submissions SET status = 'done', verdict = ?, result = ?, updated_at = ?, finished_at = ?
         WHERE id = ? AND status != 'done'`,
      )
      .run(result.verdict, JSON.stringify(result), now, now, id).changes;
    return changes === 1;
  }

  async problemStatuses(userId: string, problemIds: readonly string[]): Promise<Map<string, ProblemStatus>> {
    if (problemIds.length === 0) return new Map();
    const rows = this
      .sql(
        `SELECT problem_id, MAX(verdict = 'AC') AS solved FROM submissions
         WHERE user_id = ? AND problem_id IN (SELECT value FROM json_each(?)) GROUP BY problem_id`,
      )
      .all(userId, JSON.stringify(problemIds)) as { problem_id: string; solved: number | null }[];
    return new Map(rows.map((row) => [row.problem_id, row.solved === 1 ? 'solved' : 'tried']));
  }

  async listUnfinished(options: { olderThanMs: number; limit?: number }): Promise<Pick<Submission, 'id' | 'userId' | 'status' | 'updatedAt'>[]> {
    const rows = this
      .sql(
        `SELECT id, user_id, status, updated_at FROM submissions
         WHERE status IN ('pending', 'compiling', 'running') AND updated_at <= ? ORDER BY updated_at LIMIT ?`,
      )
      .all(Date.now() - options.olderThanMs, options.limit ?? 500) as SubmissionRow[];
    return rows.map((row) => ({ id: row.id, userId: row.user_id, status: row.status, updatedAt: new Date(row.updated_at) }));
  }
}

function counts(problem: ProblemData): [number, number] {
  return [problem.testCases.length, problem.testCases.filter((test) => test.sample).length];
}

function problemOf(row: ProblemRow): StoredProblem {
  const data = JSON.parse(row.document) as ProblemData;
  return { ...data, id: row.id, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) };
}

function summaryOf(row: SubmissionRow): SubmissionSummary {
  return {
    id: row.id,
    userId: row.user_id,
    problemId: row.problem_id,
    language: row.language,
    status: row.status,
    ...(row.verdict ? { verdict: row.verdict } : {}),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    ...(row.finished_at !== null ? { finishedAt: new Date(row.finished_at) } : {}),
  };
}

function submissionOf(row: SubmissionRow): Submission {
  return {
    ...summaryOf(row),
    code: row.code,
    progress: JSON.parse(row.progress) as Progress,
    ...(row.result !== null ? { result: JSON.parse(row.result) as JudgeResult } : {}),
  };
}

/** Another connection holds the lock SQLite needs (`SQLITE_BUSY`, `SQLITE_BUSY_RECOVERY`, `SQLITE_LOCKED`, …). */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function conflict(error: unknown, slug: string): unknown {
  return isUniqueViolation(error) ? new StoreConflictError('slug', `a problem with the slug "${slug}" exists already`) : error;
}
