/**
 * The MongoDB store (official driver), for roles on several machines. Collections follow the
 * system description: `problems` {_id: ObjectId, title, description, difficulty,
 * testCases: [{input, output}], codeStubs: [...]} and `submissions` {_id: ObjectId, userId: String,
 * problemId: ObjectId, code, language, status}, with our fields beside them (slug, limits, checker,
 * test names; verdict, progress, result, timestamps), and `users` {_id, name, tokenHash}.
 * Status values are sonocode's lifecycle (pending, compiling, running, done); the verdict is its own
 * field.
 */
import { MongoClient, MongoServerError, ObjectId, type Collection, type Db } from 'mongodb';
import type { JudgeResult } from '../../judge/result.js';
import type { Progress } from '../../protocol/progress.js';
import { ID_PATTERN, newId } from '../ids.js';
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

interface ProblemDoc extends ProblemData {
  _id: ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

interface UserDoc {
  _id: ObjectId;
  name: string;
  tokenHash: string;
  createdAt: Date;
}

interface SubmissionDoc {
  _id: ObjectId;
  userId: string;
  problemId: ObjectId | string;
  code: string;
  language: string;
  status: Submission['status'];
  verdict?: Submission['verdict'];
  progress: Progress;
  result?: JudgeResult;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

export interface MongoStoreOptions {
  /** Database name; the URL's path, else `sonocode`. */
  dbName?: string;
  /** How long to look for a server before an operation fails, in milliseconds. @defaultValue 5000 */
  serverSelectionTimeoutMs?: number;
}

/** Our ids are ObjectId-shaped; anything else cannot be a document id. */
function objectId(id: string): ObjectId | null {
  return ID_PATTERN.test(id) ? new ObjectId(id) : null;
}

/** problemId as the submissions collection keeps it (ObjectId when it is one). */
function problemRef(id: string): ObjectId | string {
  return objectId(id) ?? id;
}

export class MongoStore implements Store {
  readonly kind = 'mongo';
  private readonly client: MongoClient;
  private readonly db: Db;
  private readonly problems: Collection<ProblemDoc>;
  private readonly users: Collection<UserDoc>;
  private readonly submissions: Collection<SubmissionDoc>;

  constructor(url: string, options: MongoStoreOptions = {}) {
    this.client = new MongoClient(url, { serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000, appName: 'sonocode' });
    this.db = this.client.db(options.dbName ?? (databaseFromUrl(url) || 'sonocode'));
    this.problems = this.db.collection<ProblemDoc>('problems');
    this.users = this.db.collection<UserDoc>('users');
    this.submissions = this.db.collection<SubmissionDoc>('submissions');
  }

  async init(): Promise<void> {
    await this.client.connect();
    await Promise.all([
      this.problems.createIndex({ slug: 1 }, { unique: true }),
      this.users.createIndex({ tokenHash: 1 }, { unique: true }),
      this.submissions.createIndex({ userId: 1, createdAt: -1 }),
      this.submissions.createIndex({ problemId: 1, createdAt: -1 }),
      this.submissions.createIndex({ status: 1, updatedAt: 1 }),
    ]);
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  // ------------------------------------------------------------------------------------------
  // Problems

  async createProblem(problem: ProblemData): Promise<StoredProblem> {
    const now = new Date();
    const doc: ProblemDoc = { ...structuredClone(problem), _id: new ObjectId(newId(now.getTime())), createdAt: now, updatedAt: now };
    try {
      await this.problems.insertOne(doc);
    } catch (error) {
      throw conflict(error, problem.slug);
    }
    return problemOf(doc);
  }

  async getProblemRef(idOrSlug: string): Promise<{ id: string; slug: string } | null> {
    const id = objectId(idOrSlug);
    const projection = { projection: { slug: 1 } };
    const doc = (id ? await this.problems.findOne({ _id: id }, projection) : null) ?? (await this.problems.findOne({ slug: idOrSlug }, projection));
    return doc ? { id: doc._id.toHexString(), slug: doc.slug } : null;
  }

  async getProblem(idOrSlug: string): Promise<StoredProblem | null> {
    const id = objectId(idOrSlug);
    if (id) {
      const byId = await this.problems.findOne({ _id: id });
      if (byId) return problemOf(byId);
    }
    const bySlug = await this.problems.findOne({ slug: idOrSlug });
    return bySlug ? problemOf(bySlug) : null;
  }

  async listProblems(page?: Page): Promise<ProblemSummary[]> {
    const { limit, offset } = pageOf(page);
    const docs = await this.problems
      .find({}, { projection: { slug: 1, title: 1, difficulty: 1, 'testCases.sample': 1, createdAt: 1 } })
      .sort({ createdAt: 1, _id: 1 })
      .skip(offset)
      .limit(limit)
      .toArray();
    return docs.map((doc) => ({
      id: doc._id.toHexString(),
      slug: doc.slug,
      title: doc.title,
      ...(doc.difficulty ? { difficulty: doc.difficulty } : {}),
      testCount: doc.testCases?.length ?? 0,
      sampleCount: (doc.testCases ?? []).filter((test) => test.sample).length,
      createdAt: doc.createdAt,
    }));
  }

  async updateProblem(id: string, problem: ProblemData): Promise<StoredProblem | null> {
    const _id = objectId(id);
    if (!_id) return null;
    const existing = await this.problems.findOne({ _id }, { projection: { createdAt: 1 } });
    if (!existing) return null;
    const doc: ProblemDoc = { ...structuredClone(problem), _id, createdAt: existing.createdAt, updatedAt: new Date() };
    try {
      const result = await this.problems.replaceOne({ _id }, doc);
      if (result.matchedCount !== 1) return null;
    } catch (error) {
      throw conflict(error, problem.slug);
    }
    return problemOf(doc);
  }

  async deleteProblem(id: string): Promise<boolean> {
    const _id = objectId(id);
    if (!_id) return false;
    return (await this.problems.deleteOne({ _id })).deletedCount === 1;
  }

  // ------------------------------------------------------------------------------------------
  // Users

  async createUser(user: { name: string; tokenHash: string }): Promise<User> {
    const now = new Date();
    const doc: UserDoc = { _id: new ObjectId(newId(now.getTime())), name: user.name, tokenHash: user.tokenHash, createdAt: now };
    try {
      await this.users.insertOne(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw new StoreConflictError('tokenHash', 'this token is in use already');
      throw error;
    }
    return userOf(doc);
  }

  async getUser(id: string): Promise<User | null> {
    const _id = objectId(id);
    if (!_id) return null;
    const doc = await this.users.findOne({ _id });
    return doc ? userOf(doc) : null;
  }

  async getUserByTokenHash(tokenHash: string): Promise<User | null> {
    const doc = await this.users.findOne({ tokenHash });
    return doc ? userOf(doc) : null;
  }

  // ------------------------------------------------------------------------------------------
  // Submissions

  async createSubmission(submission: NewSubmission): Promise<Submission> {
    const now = new Date();
    const doc: SubmissionDoc = {
      _id: new ObjectId(newId(now.getTime())),
      userId: submission.userId,
      problemId: problemRef(submission.problemId),
      code: submission.code,
      language: submission.language,
      status: 'pending',
      progress: { rank: 0, tests: [] },
      createdAt: now,
      updatedAt: now,
    };
    await this.submissions.insertOne(doc);
    return submissionOf(doc);
  }

  async getSubmission(id: string): Promise<Submission | null> {
    const _id = objectId(id);
    if (!_id) return null;
    const doc = await this.submissions.findOne({ _id });
    return doc ? submissionOf(doc) : null;
  }

  async listSubmissions(filter: SubmissionFilter & Page): Promise<SubmissionSummary[]> {
    const { limit, offset } = pageOf(filter);
    const query: Record<string, unknown> = {};
    if (filter.userId !== undefined) query.userId = filter.userId;
    if (filter.problemId !== undefined) query.problemId = problemRef(filter.problemId);
    if (filter.updatedSince !== undefined) query.updatedAt = { $gte: filter.updatedSince };
    const docs = await this.submissions
      .find(query, { projection: { code: 0, progress: 0, result: 0 } })
      .sort({ createdAt: -1, _id: -1 })
      .skip(offset)
      .limit(limit)
      .toArray();
    return docs.map(summaryOf);
  }

  async updateProgress(id: string, status: 'compiling' | 'running', progress: Progress): Promise<boolean> {
    const _id = objectId(id);
    if (!_id) return false;
    const result = await this.submissions.updateOne(
      { _id, status: { $ne: 'done' }, 'progress.rank': { $lt: progress.rank } },
      { $set: { status, progress, updatedAt: new Date() } },
    );
    return result.modifiedCount === 1;
  }

  async finish(id: string, result: JudgeResult): Promise<boolean> {
    const _id = objectId(id);
    if (!_id) return false;
    const now = new Date();
    const update = await this.submissions.updateOne(
      { _id, status: { $ne: 'done' } },
      { $set: { status: 'done', verdict: result.verdict, result, updatedAt: now, finishedAt: now } },
    );
    return update.modifiedCount === 1;
  }

  async problemStatuses(userId: string, problemIds: readonly string[]): Promise<Map<string, ProblemStatus>> {
    if (problemIds.length === 0) return new Map();
    const groups = await this.submissions
      .aggregate<{ _id: ObjectId | string; solved: number }>([
        { $match: { userId, problemId: { $in: problemIds.map(problemRef) } } },
        { $group: { _id: '$problemId', solved: { $max: { $cond: [{ $eq: ['$verdict', 'AC'] }, 1, 0] } } } },
      ])
      .toArray();
    return new Map(groups.map((group) => [String(group._id), group.solved === 1 ? 'solved' : 'tried']));
  }

  async listUnfinished(options: { olderThanMs: number; limit?: number }): Promise<Pick<Submission, 'id' | 'userId' | 'status' | 'updatedAt'>[]> {
    const docs = await this.submissions
      .find(
        { status: { $in: ['pending', 'compiling', 'running'] }, updatedAt: { $lte: new Date(Date.now() - options.olderThanMs) } },
        { projection: { userId: 1, status: 1, updatedAt: 1 } },
      )
      .sort({ updatedAt: 1 })
      .limit(options.limit ?? 500)
      .toArray();
    return docs.map((doc) => ({ id: doc._id.toHexString(), userId: doc.userId, status: doc.status, updatedAt: doc.updatedAt }));
  }
}

function databaseFromUrl(url: string): string {
  const match = url.match(/^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]*)/);
  return match ? decodeURIComponent(match[1]) : '';
}

function problemOf(doc: ProblemDoc): StoredProblem {
  const { _id, createdAt, updatedAt, ...data } = doc;
  return { ...(data as ProblemData), id: _id.toHexString(), createdAt, updatedAt };
}

function userOf(doc: UserDoc): User {
  return { id: doc._id.toHexString(), name: doc.name, createdAt: doc.createdAt };
}

function summaryOf(doc: SubmissionDoc): SubmissionSummary {
  return {
    id: doc._id.toHexString(),
    userId: doc.userId,
    problemId: typeof doc.problemId === 'string' ? doc.problemId : doc.problemId.toHexString(),
    language: doc.language,
    status: doc.status,
    ...(doc.verdict ? { verdict: doc.verdict } : {}),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    ...(doc.finishedAt ? { finishedAt: doc.finishedAt } : {}),
  };
}

function submissionOf(doc: SubmissionDoc): Submission {
  return {
    ...summaryOf(doc),
    code: doc.code,
    progress: doc.progress ?? { rank: 0, tests: [] },
    ...(doc.result ? { result: doc.result } : {}),
  };
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

function conflict(error: unknown, slug: string): unknown {
  return isDuplicateKey(error) ? new StoreConflictError('slug', `a problem with the slug "${slug}" exists already`) : error;
}
