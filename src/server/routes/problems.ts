/** The Problem Admin Service: problem CRUD (writes need the admin token; reads show samples only to non-admins). */
import { z } from 'zod';
import { problemSchema } from '../../judge/problem/schema.js';
import { idParamsSchema, importedSchema, importQuerySchema, pageQuerySchema, problemSummarySchema, problemViewSchema } from '../../protocol/index.js';
import { isAdmin } from '../auth.js';
import { ApiError } from '../errors.js';
import { errors, type HttpApp } from '../http.js';
import { zodValidatorCompiler } from '../validation.js';
import { loadUploadedProblem } from '../problem-upload.js';
import { adminProblemView, parseProblemBody, publicProblemView } from '../problems.js';
import { StoreConflictError } from '../store/types.js';
import type { ApiContext } from './context.js';

/** Problem documents carry their tests inline, so they may be large. */
const PROBLEM_BODY_LIMIT = 32 * 1024 * 1024;

// Problem bodies are validated in the handler by the native format's schema with its own messages
// (the same rules and words as for YAML files, plus what the server cannot keep); the route's
// schema documents them.
const passThrough = () => (data: unknown) => ({ value: data });
const documentSchema = problemSchema.meta({
  description: 'A problem in the native format (the YAML document as JSON), test data inline',
  examples: [
    {
      title: 'A + B',
      slug: 'a-plus-b',
      difficulty: 'easy',
      description: 'Read two integers and print their sum.',
      limits: { timeLimitMs: 1000, memoryLimitMb: 256 },
      testCases: [
        { name: 'sample-1', sample: true, input: '1 2\n', output: '3\n' },
        { name: 'large', input: '1000000000 1000000000\n', output: '2000000000\n' },
      ],
    },
  ],
});

export function problemRoutes(app: HttpApp, ctx: ApiContext): void {
  const { store } = ctx;

  app.post(
    '/api/v1/problems',
    {
      config: { auth: 'admin' },
      bodyLimit: PROBLEM_BODY_LIMIT,
      validatorCompiler: passThrough,
      schema: {
        tags: ['problems'],
        summary: 'Create a problem (admin)',
        security: [{ bearer: [] }],
        body: documentSchema,
        response: { 201: problemViewSchema, ...errors(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const data = parseProblemBody(request.body);
      try {
        const created = await store.createProblem(data);
        return reply.code(201).send(adminProblemView(created));
      } catch (error) {
        throw conflictError(error);
      }
    },
  );

  app.get(
    '/api/v1/problems',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['problems'],
        summary: "List problems (a summary of each; with a user token, the user's status on each)",
        querystring: pageQuerySchema,
        response: { 200: z.array(problemSummarySchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      const list = await store.listProblems(page(request.query));
      const principal = request.principal;
      const statuses = principal?.kind === 'user' ? await store.problemStatuses(principal.user.id, list.map((item) => item.id)) : new Map();
      return list.map((item) => ({
        id: item.id,
        slug: item.slug,
        title: item.title,
        ...(item.difficulty ? { difficulty: item.difficulty } : {}),
        testCount: item.testCount,
        sampleCount: item.sampleCount,
        ...(statuses.has(item.id) ? { status: statuses.get(item.id) } : {}),
        createdAt: item.createdAt.toISOString(),
      }));
    },
  );

  void app.register(async (scope) => importRoute(scope as HttpApp, ctx));

  app.get(
    '/api/v1/problems/:id',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['problems'],
        summary: 'A problem, by id or slug (hidden tests only for the admin)',
        params: idParamsSchema,
        response: { 200: problemViewSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const problem = await store.getProblem(id);
      if (!problem) throw new ApiError('SONO_NOT_FOUND', `no problem "${id}"`);
      return isAdmin(request) ? adminProblemView(problem) : publicProblemView(problem);
    },
  );

  app.put(
    '/api/v1/problems/:id',
    {
      config: { auth: 'admin' },
      bodyLimit: PROBLEM_BODY_LIMIT,
      validatorCompiler: passThrough,
      schema: {
        tags: ['problems'],
        summary: 'Replace a problem (admin); by id or slug',
        security: [{ bearer: [] }],
        params: idParamsSchema,
        body: documentSchema,
        response: { 200: problemViewSchema, ...errors(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const data = parseProblemBody(request.body);
      const existing = await store.getProblem(id);
      if (!existing) throw new ApiError('SONO_NOT_FOUND', `no problem "${id}"`);
      try {
        const updated = await store.updateProblem(existing.id, data);
        if (!updated) throw new ApiError('SONO_NOT_FOUND', `no problem "${id}"`);
        return adminProblemView(updated);
      } catch (error) {
        throw conflictError(error);
      }
    },
  );

  app.delete(
    '/api/v1/problems/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['problems'],
        summary: 'Delete a problem (admin); by id or slug',
        security: [{ bearer: [] }],
        params: idParamsSchema,
        response: { 204: z.null().meta({ description: 'Deleted' }), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const existing = await store.getProblem(id);
      if (!existing || !(await store.deleteProblem(existing.id))) throw new ApiError('SONO_NOT_FOUND', `no problem "${id}"`);
      return reply.code(204).send(null);
    },
  );
}

/** Largest file `POST /api/v1/problems/import` takes, in bytes. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

const UPLOAD_TYPES = { 'application/zip': 'zip', 'application/x-zip-compressed': 'zip', 'application/yaml': 'yaml', 'application/x-yaml': 'yaml', 'text/yaml': 'yaml' } as const;

/**
 * `POST /api/v1/problems/import?name=FILE[&replace=true]`: a problem file as it is on disk — a
 * native YAML file, or a package as a zip — loaded by the server (src/server/problem-upload.ts).
 * In a scope of its own, so that only this route reads zip and YAML bodies.
 */
function importRoute(scope: HttpApp, ctx: ApiContext): void {
  const { store } = ctx;
  scope.addContentTypeParser(Object.keys(UPLOAD_TYPES), { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));
  scope.post(
    '/api/v1/problems/import',
    {
      config: { auth: 'admin' },
      bodyLimit: MAX_UPLOAD_BYTES,
      // the body is the file's bytes, read by the loaders; the query is checked as everywhere
      validatorCompiler: (route) => (route.httpPart === 'body' ? passThrough() : zodValidatorCompiler(route as never)),
      schema: {
        tags: ['problems'],
        summary: 'Import a problem file (admin): a native YAML file (application/yaml) or a package as a zip (application/zip)',
        description:
          'The body is the file itself. A zip holds a native problem folder or an ICPC/Kattis package, at its top or in its one folder; ' +
          'it is unpacked into a private folder (entries that would reach outside it are refused), loaded like `sonocode problems import`, and removed. ' +
          '`name` is the file name (the slug comes from it when the problem gives none); with `replace=true` a problem with the same slug is replaced.',
        security: [{ bearer: [] }],
        consumes: Object.keys(UPLOAD_TYPES),
        querystring: importQuerySchema,
        body: z.string().meta({ format: 'binary', description: 'The YAML file or the zip' }),
        response: { 200: importedSchema, 201: importedSchema, ...errors(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() as keyof typeof UPLOAD_TYPES;
      const { document, warnings } = await loadUploadedProblem({ name: request.query.name, kind: UPLOAD_TYPES[type], content: request.body as unknown as Buffer });
      const data = parseProblemBody(document);
      const existing = await store.getProblem(data.slug);
      try {
        if (existing && request.query.replace === 'true') {
          const updated = await store.updateProblem(existing.id, data);
          if (updated) return reply.code(200).send({ problem: adminProblemView(updated), warnings });
        }
        const created = await store.createProblem(data);
        return reply.code(201).send({ problem: adminProblemView(created), warnings });
      } catch (error) {
        throw conflictError(error);
      }
    },
  );
}

function conflictError(error: unknown): unknown {
  if (error instanceof StoreConflictError) {
    return new ApiError('SONO_CONFLICT', `body.${error.field}: ${error.message}`, { issues: [{ path: `body.${error.field}`, message: error.message }] });
  }
  return error;
}

export function page(query: { limit?: string; offset?: string }): { limit?: number; offset?: number } {
  return {
    ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}),
    ...(query.offset !== undefined ? { offset: Number(query.offset) } : {}),
  };
}
