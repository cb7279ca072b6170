/**
 * The Submission Service: takes a submission, persists it as `pending` FIRST, then tells the
 * user's sockets and queues it — and answers 202 without waiting for judging. If Redis is away at
 * that moment the submission is still acknowledged: it is in the store, and it is queued the
 * moment Redis answers again.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  acceptedSchema,
  idParamsSchema,
  queuedMessage,
  redactProgress,
  redactResult,
  submissionBodySchema,
  submissionsQuerySchema,
  submissionSummarySchema,
  submissionViewSchema,
  type SubmitInput,
  type SubmissionSummary as SummaryView,
  type SubmissionView,
} from '../../protocol/index.js';
import { callingUser, isAdmin } from '../auth.js';
import { ApiError } from '../errors.js';
import { errors, type HttpApp } from '../http.js';
import { withTimeout } from '../redis.js';
import type { Submission, SubmissionSummary } from '../store/types.js';
import type { ApiContext } from './context.js';
import { checkSize, jsonBodyLimit, perUserRateLimit, refuseWhileDraining, requireLanguage, unknownProblem } from './intake.js';
import { page } from './problems.js';

export function submissionRoutes(app: HttpApp, ctx: ApiContext): void {
  const { store, limits, logger } = ctx;
  const admitted = new WeakMap<FastifyRequest, Admitted>();

  app.post(
    '/api/v1/submissions',
    {
      config: { auth: 'user', rateLimit: perUserRateLimit('submissions', limits.rateLimit) },
      bodyLimit: jsonBodyLimit(limits.maxCodeBytes),
      onRequest: refuseWhileDraining(ctx),
      // Runs before the rate limit's hook (which comes after the route's own): a submission refused
      // for its size, problem or language does not count against the user.
      preHandler: async (request) => {
        admitted.set(request, await admit(ctx, request.body));
      },
      schema: {
        tags: ['submissions'],
        summary: 'Submit code; answers 202 at once, judging happens in a worker (watch it on /ws)',
        security: [{ bearer: [] }],
        body: submissionBodySchema,
        response: { 202: acceptedSchema, ...errors(400, 401, 403, 413, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const user = callingUser(request);
      const body = request.body;
      const { language, problem } = admitted.get(request) ?? (await admit(ctx, body));

      let submission: Submission;
      try {
        submission = await store.createSubmission({ userId: user.id, problemId: problem.id, language: language.id, code: body.code });
      } catch (error) {
        logger.error({ err: error }, 'could not store a submission');
        throw new ApiError('SONO_UNAVAILABLE', 'the store is unavailable; the submission was not accepted, retry later', { cause: error });
      }
      ctx.metrics.received.inc({ language: language.id });
      await announceAndQueue(ctx, user.id, submission.id);
      return reply.code(202).send({
        id: submission.id,
        status: 'pending',
        problemId: problem.id,
        language: language.id,
        createdAt: submission.createdAt.toISOString(),
      });
    },
  );

  app.get(
    '/api/v1/submissions/:id',
    {
      config: { auth: 'any' },
      schema: {
        tags: ['submissions'],
        summary: "A submission with its progress and result (the owner's, or any for the admin)",
        security: [{ bearer: [] }],
        params: idParamsSchema,
        response: { 200: submissionViewSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const submission = await store.getSubmission(id);
      const admin = isAdmin(request);
      // Someone else's submission is "not found": its existence is not the caller's business.
      if (!submission || (!admin && submission.userId !== callingUser(request).id)) {
        throw new ApiError('SONO_NOT_FOUND', `no submission "${id}"`);
      }
      return submissionView(submission, admin);
    },
  );

  app.get(
    '/api/v1/submissions',
    {
      config: { auth: 'any' },
      schema: {
        tags: ['submissions'],
        summary: 'Submissions, newest first (a user sees only their own)',
        security: [{ bearer: [] }],
        querystring: submissionsQuerySchema,
        response: { 200: z.array(submissionSummarySchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      let userId = query.userId;
      if (!isAdmin(request)) {
        const me = callingUser(request).id;
        if (userId !== undefined && userId !== me) {
          throw new ApiError('SONO_FORBIDDEN', 'querystring.userId: a user can list only their own submissions', {
            issues: [{ path: 'querystring.userId', message: 'a user can list only their own submissions' }],
          });
        }
        userId = me;
      }
      let problemId = query.problemId;
      if (problemId !== undefined) {
        const problem = await store.getProblemRef(problemId);
        if (!problem) return [];
        problemId = problem.id;
      }
      const list = await store.listSubmissions({
        ...(userId !== undefined ? { userId } : {}),
        ...(problemId !== undefined ? { problemId } : {}),
        ...page(query),
      });
      return list.map(summaryView);
    },
  );
}

/** What a submission names, found. */
interface Admitted {
  language: { id: string };
  problem: { id: string; slug: string };
}

/** @throws ApiError 413 for code over the limit, 422 for an unknown language or problem — each naming its field */
async function admit(ctx: ApiContext, body: SubmitInput): Promise<Admitted> {
  checkSize('code', body.code, ctx.limits.maxCodeBytes);
  const language = requireLanguage(ctx, body.language);
  const problem = await ctx.store.getProblemRef(body.problemId);
  if (!problem) throw unknownProblem(body.problemId);
  return { language, problem };
}

/**
 * Tells the user's sockets that the submission is `pending`, then queues it — in that order, so no
 * worker event can overtake `pending`. The submission is stored: from here on it is acknowledged
 * whatever Redis does. While Redis is away both commands wait in the connection's queue and go
 * out the moment it is back, so work acknowledged during an outage is queued at once when it
 * ends; the answer waits for them at most `enqueueTimeoutMs`. A submission whose job is lost even
 * so (the api stopped first) is queued by the reconciler.
 */
async function announceAndQueue(ctx: ApiContext, userId: string, submissionId: string): Promise<void> {
  const { bus, queues, logger } = ctx;
  const queued = bus
    .publish({ userId, message: queuedMessage(submissionId) })
    // a socket that missed `pending` gets it in the next snapshot; the job matters more
    .catch((error: Error) => logger.warn(`pending of ${submissionId} not published: ${error.message}`))
    .then(() => queues.submissions.add(submissionId, { submissionId }));
  queued.catch((error: Error) => logger.warn(`submission ${submissionId} stored but not queued (${error.message}); the reconciler will queue it`));
  try {
    await withTimeout(queued, ctx.enqueueTimeoutMs, 'Redis does not answer');
  } catch {
    logger.warn(`submission ${submissionId} stored; it is queued as soon as Redis answers again`);
  }
}

function summaryView(submission: SubmissionSummary): SummaryView {
  return {
    id: submission.id,
    userId: submission.userId,
    problemId: submission.problemId,
    language: submission.language,
    status: submission.status,
    ...(submission.verdict ? { verdict: submission.verdict } : {}),
    createdAt: submission.createdAt.toISOString(),
    updatedAt: submission.updatedAt.toISOString(),
    ...(submission.finishedAt ? { finishedAt: submission.finishedAt.toISOString() } : {}),
  };
}

/** A submission for its owner (hidden tests redacted: src/protocol/redact.ts) or for the admin (everything). */
export function submissionView(submission: Submission, admin: boolean): SubmissionView {
  return {
    ...summaryView(submission),
    code: submission.code,
    progress: admin ? submission.progress : redactProgress(submission.progress),
    ...(submission.result ? { result: admin ? submission.result : redactResult(submission.result) } : {}),
  };
}
