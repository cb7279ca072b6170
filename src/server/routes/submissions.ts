/**
 * The Submission Service: takes a submission, persists it as `pending` FIRST, then tells the
 * user's sockets and queues it — and answers 202 without waiting for judging. If Redis is away at
 * that moment the submission is still acknowledged: it is in the store, and the reconciler queues
 * it when the queue is back.
 */
import { z } from 'zod';
import {
  acceptedSchema,
  idParamsSchema,
  queuedMessage,
  redactResult,
  submissionBodySchema,
  submissionsQuerySchema,
  submissionSummarySchema,
  submissionViewSchema,
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
  const { store, queues, bus, limits, logger } = ctx;

  app.post(
    '/api/v1/submissions',
    {
      config: { auth: 'user', rateLimit: perUserRateLimit('submissions', limits.rateLimit) },
      bodyLimit: jsonBodyLimit(limits.maxCodeBytes),
      onRequest: refuseWhileDraining(ctx),
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
      checkSize('code', body.code, limits.maxCodeBytes);
      const language = requireLanguage(ctx, body.language);
      const problem = await store.getProblemRef(body.problemId);
      if (!problem) throw unknownProblem(body.problemId);

      let submission: Submission;
      try {
        submission = await store.createSubmission({ userId: user.id, problemId: problem.id, language: language.id, code: body.code });
      } catch (error) {
        logger.error({ err: error }, 'could not store a submission');
        throw new ApiError('SONO_UNAVAILABLE', 'the store is unavailable; the submission was not accepted, retry later', { cause: error });
      }
      ctx.metrics.received.inc({ language: language.id });
      // Persisted: from here on the submission is acknowledged whatever Redis does. `pending` goes
      // out before the job exists, so no worker event can overtake it.
      try {
        await withTimeout(bus.publish({ userId: user.id, message: queuedMessage(submission.id) }), ctx.enqueueTimeoutMs, 'publishing timed out');
        await withTimeout(queues.submissions.add(submission.id, { submissionId: submission.id }), ctx.enqueueTimeoutMs, 'queueing timed out');
      } catch (error) {
        logger.warn(`submission ${submission.id} stored but not queued yet (${(error as Error).message}); the reconciler will queue it`);
      }
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

/** A submission for its owner (hidden tests' messages removed) or for the admin (everything). */
export function submissionView(submission: Submission, admin: boolean): SubmissionView {
  return {
    ...summaryView(submission),
    code: submission.code,
    progress: submission.progress,
    ...(submission.result ? { result: admin ? submission.result : redactResult(submission.result) } : {}),
  };
}
