/** The Problem Admin Service: problem CRUD (writes need the admin token; reads show samples only to non-admins). */
import type { FastifyInstance } from 'fastify';
import { isAdmin } from '../auth.js';
import { ApiError } from '../errors.js';
import { adminProblemView, parseProblemBody, publicProblemView } from '../problems.js';
import { StoreConflictError } from '../store/types.js';
import type { ApiContext } from './context.js';
import { errors, idParams, pageQuery, problemDocumentSchema, problemSummarySchema, problemViewSchema } from './schemas.js';

/** Problem documents carry their tests inline, so they may be large. */
const PROBLEM_BODY_LIMIT = 32 * 1024 * 1024;

// Problem bodies are validated by the native format's zod schema in the handler (the same rules
// as YAML files); the JSON Schema is only there to document them.
const passThrough = () => (data: unknown) => ({ value: data });

export function problemRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;
  const documentSchema = problemDocumentSchema();

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
        summary: 'List problems (a summary of each)',
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        response: { 200: { type: 'array', items: problemSummarySchema }, ...errors(400, 401) },
      },
    },
    async (request) => {
      const query = request.query as { limit?: string; offset?: string };
      const list = await store.listProblems(page(query));
      return list.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() }));
    },
  );

  app.get(
    '/api/v1/problems/:id',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['problems'],
        summary: 'A problem, by id or slug (hidden tests only for the admin)',
        params: idParams,
        response: { 200: problemViewSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
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
        params: idParams,
        body: documentSchema,
        response: { 200: problemViewSchema, ...errors(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
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
        params: idParams,
        response: { 204: { type: 'null', description: 'Deleted' }, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const existing = await store.getProblem(id);
      if (!existing || !(await store.deleteProblem(existing.id))) throw new ApiError('SONO_NOT_FOUND', `no problem "${id}"`);
      return reply.code(204).send();
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
