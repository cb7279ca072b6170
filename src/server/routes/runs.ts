/**
 * Run (LeetCode's): `POST /api/v1/runs` judges code on the problem's samples, or runs it on an
 * input of the user's, in a worker ahead of queued submissions — and stores no submission. The
 * run's view is kept on the run board for an hour: the answer is the pending view, each change
 * goes to the user's sockets as a `run` message, and `GET /api/v1/runs/:id` reads the latest.
 */
import { idParamsSchema, runBodySchema, runViewSchema } from '../../protocol/index.js';
import { callingUser, isAdmin } from '../auth.js';
import { ApiError } from '../errors.js';
import { errors, type HttpApp } from '../http.js';
import { newId } from '../ids.js';
import { withTimeout } from '../redis.js';
import type { RunJob } from '../queue/types.js';
import { pendingRunView } from '../runs/judge.js';
import type { ApiContext } from './context.js';
import { checkSize, jsonBodyLimit, perUserRateLimit, refuseWhileDraining, requireLanguage, unknownProblem } from './intake.js';

/** The largest input a run takes, in bytes. */
export const MAX_RUN_INPUT_BYTES = 1024 * 1024;

export function runRoutes(app: HttpApp, ctx: ApiContext): void {
  const { store, queues, bus, limits, runBoard, logger } = ctx;

  app.post(
    '/api/v1/runs',
    {
      config: { auth: 'user', rateLimit: perUserRateLimit('runs', limits.runRateLimit) },
      bodyLimit: jsonBodyLimit(limits.maxCodeBytes + MAX_RUN_INPUT_BYTES),
      onRequest: refuseWhileDraining(ctx),
      schema: {
        tags: ['runs'],
        summary: "Run code on the problem's samples, or on `input`; answers 202 with the pending run (its changes come on /ws as `run` messages)",
        security: [{ bearer: [] }],
        body: runBodySchema,
        response: { 202: runViewSchema, ...errors(400, 401, 403, 413, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const user = callingUser(request);
      const body = request.body;
      checkSize('code', body.code, limits.maxCodeBytes);
      if (body.input !== undefined) checkSize('input', body.input, MAX_RUN_INPUT_BYTES);
      const language = requireLanguage(ctx, body.language);
      const problem = await store.getProblem(body.problemId);
      if (!problem) throw unknownProblem(body.problemId);
      const sampleCount = problem.testCases.filter((test) => test.sample).length;
      if (body.input === undefined && sampleCount === 0) {
        const message = 'the problem has no samples: give an input to run the code on';
        throw new ApiError('SONO_VALIDATION', `body.input: ${message}`, { issues: [{ path: 'body.input', message }] });
      }

      const job: RunJob = {
        runId: newId(),
        userId: user.id,
        problemId: problem.id,
        language: language.id,
        code: body.code,
        ...(body.input !== undefined ? { input: body.input } : {}),
        createdAt: new Date().toISOString(),
      };
      const view = pendingRunView(job, sampleCount);
      try {
        await withTimeout(runBoard.put({ userId: user.id, view }), ctx.enqueueTimeoutMs, 'keeping the run timed out');
        await withTimeout(queues.runs.add(job.runId, job), ctx.enqueueTimeoutMs, 'queueing timed out');
      } catch (error) {
        // nothing is kept of a run that could not be queued: the user presses Run again
        logger.warn(`run not queued: ${(error as Error).message}`);
        throw new ApiError('SONO_UNAVAILABLE', 'the run could not be queued now; retry in a moment', { cause: error });
      }
      await withTimeout(bus.publish({ userId: user.id, message: { type: 'run', run: view } }), ctx.enqueueTimeoutMs, 'publishing timed out').catch(
        (error: Error) => logger.warn(`run ${job.runId} queued, not announced: ${error.message}`),
      );
      return reply.code(202).send(view);
    },
  );

  app.get(
    '/api/v1/runs/:id',
    {
      config: { auth: 'any' },
      schema: {
        tags: ['runs'],
        summary: "A run's latest view (the owner's, or any for the admin); runs are kept for an hour",
        security: [{ bearer: [] }],
        params: idParamsSchema,
        response: { 200: runViewSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const run = await runBoard.get(id);
      // someone else's run is "not found", like a submission
      if (!run || (!isAdmin(request) && run.userId !== callingUser(request).id)) throw new ApiError('SONO_NOT_FOUND', `no run "${id}"`);
      return run.view;
    },
  );
}
