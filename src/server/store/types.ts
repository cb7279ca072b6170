/**
 * The one Store interface the roles use, whatever holds the data (SQLite or MongoDB). Both
 * implementations pass the same contract suite (test/integration/server/store-contract.test.ts).
 *
 * Rules every implementation keeps:
 * - a submission is created `pending`; its status only moves forward (pending → compiling →
 *   running → done) and its progress only grows ({@link Progress.rank});
 * - {@link Store.finish} stores the final verdict exactly once and says whether this call did it;
 * - users are found by the SHA-256 of their token; the raw token is never stored.
 */
import type { ErrorCode } from '../../errors/catalogue.js';
import type { SubmissionStatus } from '../../judge/events.js';
import type { CodeStub, Difficulty, ProblemLimits, TestGroup } from '../../judge/problem/types.js';
import type { JudgeResult } from '../../judge/result.js';
import type { Progress } from '../../protocol/progress.js';
import type { Verdict } from '../../judge/verdict.js';

/** A checker's or an interactor's program as the server keeps it: its files inline. */
export interface StoredProgram {
  language: string;
  files: { path: string; content: string; executable?: boolean }[];
}

/** The checker of a stored problem, in the native document's form. */
export type StoredChecker =
  | { type: 'exact' }
  | { type: 'tokens'; caseSensitive?: boolean }
  | { type: 'float'; absTol?: number; relTol?: number }
  | ({ type: 'custom' } & StoredProgram);

/** A test as stored: always inline. */
export interface StoredTestCase {
  name: string;
  sample: boolean;
  input: string;
  output: string;
  /** The test's own checker instead of the problem's: a comparator, never a program. */
  checker?: Exclude<StoredChecker, { type: 'custom' }>;
  /** Extra arguments for the problem's custom checker (or interactor) on this test. */
  checkerArgs?: string[];
}

/** A problem as the server keeps it (the system description's `problems` collection, plus ours). */
export interface ProblemData {
  slug: string;
  title: string;
  description: string;
  difficulty?: Difficulty;
  limits: ProblemLimits;
  checker: StoredChecker;
  /** The interactor of an interactive problem. */
  interactor?: StoredProgram;
  testCases: StoredTestCase[];
  codeStubs: CodeStub[];
  groups?: TestGroup[];
}

export interface StoredProblem extends ProblemData {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProblemSummary {
  id: string;
  slug: string;
  title: string;
  difficulty?: Difficulty;
  testCount: number;
  sampleCount: number;
  createdAt: Date;
}

export interface User {
  id: string;
  name: string;
  createdAt: Date;
}

export interface Submission {
  id: string;
  userId: string;
  problemId: string;
  language: string;
  code: string;
  status: SubmissionStatus;
  verdict?: Verdict;
  progress: Progress;
  /** The full result (hidden tests' messages included: redact before showing a user). */
  result?: JudgeResult;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

export type SubmissionSummary = Omit<Submission, 'code' | 'progress' | 'result'>;

/** A user's standing on a problem (the problem list shows it). */
export type ProblemStatus = 'solved' | 'tried';

export interface NewSubmission {
  userId: string;
  problemId: string;
  language: string;
  code: string;
}

export interface SubmissionFilter {
  userId?: string;
  problemId?: string;
  /** Only submissions whose last change (created, progress, result) is at or after this time. */
  updatedSince?: Date;
}

export interface Page {
  /** @defaultValue 50 */
  limit?: number;
  /** @defaultValue 0 */
  offset?: number;
}

/** A unique key was already taken (a problem's slug, a token hash). */
export class StoreConflictError extends Error {
  readonly code = 'STORE_CONFLICT' satisfies ErrorCode;
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'StoreConflictError';
    this.field = field;
  }
}

export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  /** Creates tables/collections and indexes; safe to call from several processes at once. */
  init(): Promise<void>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** @throws StoreConflictError when the slug is taken */
  createProblem(problem: ProblemData): Promise<StoredProblem>;
  /** By id, or by slug. */
  getProblem(idOrSlug: string): Promise<StoredProblem | null>;
  /** Only the id and slug (cheap: what a submission needs to name its problem). */
  getProblemRef(idOrSlug: string): Promise<{ id: string; slug: string } | null>;
  listProblems(page?: Page): Promise<ProblemSummary[]>;
  /** Replaces the problem; null when there is none. @throws StoreConflictError when the new slug is taken */
  updateProblem(id: string, problem: ProblemData): Promise<StoredProblem | null>;
  deleteProblem(id: string): Promise<boolean>;

  createUser(user: { name: string; tokenHash: string }): Promise<User>;
  getUser(id: string): Promise<User | null>;
  getUserByTokenHash(tokenHash: string): Promise<User | null>;

  /** Creates the submission as `pending`. */
  createSubmission(submission: NewSubmission): Promise<Submission>;
  getSubmission(id: string): Promise<Submission | null>;
  /** Newest first; with `updatedSince`, only those changed at or after it (progress, result). */
  listSubmissions(filter: SubmissionFilter & Page): Promise<SubmissionSummary[]>;
  /**
   * The user's standing on each of these problems they submitted to: `solved` once a submission
   * of theirs was accepted, else `tried`. Problems they never submitted to are left out.
   */
  problemStatuses(userId: string, problemIds: readonly string[]): Promise<Map<string, ProblemStatus>>;
  /**
   * Moves a submission forward: applied only when it is not done and `progress.rank` is above the
   * stored rank. Returns whether it was applied.
   */
  updateProgress(id: string, status: 'compiling' | 'running', progress: Progress): Promise<boolean>;
  /** Stores the final result once; returns true only for the call that did it. */
  finish(id: string, result: JudgeResult): Promise<boolean>;
  /** Submissions not done whose last update is older than `olderThanMs`, oldest first. */
  listUnfinished(options: { olderThanMs: number; limit?: number }): Promise<Pick<Submission, 'id' | 'userId' | 'status' | 'updatedAt'>[]>;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

export function pageOf(page: Page | undefined): { limit: number; offset: number } {
  const limit = Math.min(Math.max(1, Math.floor(page?.limit ?? DEFAULT_PAGE_LIMIT)), MAX_PAGE_LIMIT);
  const offset = Math.max(0, Math.floor(page?.offset ?? 0));
  return { limit, offset };
}
