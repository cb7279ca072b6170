/** Users: the admin creates them and hands out their tokens; a user can ask who they are. */
import { createdUserSchema, userBodySchema, userViewSchema, whoamiViewSchema } from '../../protocol/index.js';
import { callingUser } from '../auth.js';
import { errors, type HttpApp } from '../http.js';
import { hashToken, newToken } from '../ids.js';
import type { ApiContext } from './context.js';

export function userRoutes(app: HttpApp, ctx: ApiContext): void {
  app.post(
    '/api/v1/users',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['users'],
        summary: "Create a user (admin); the response holds the user's token, shown this once",
        security: [{ bearer: [] }],
        body: userBodySchema,
        response: { 201: createdUserSchema, ...errors(400, 401, 403, 415) },
      },
    },
    async (request, reply) => {
      const { name } = request.body;
      const token = newToken();
      const user = await ctx.store.createUser({ name: name.trim() || name, tokenHash: hashToken(token) });
      return reply.code(201).send({ id: user.id, name: user.name, token, createdAt: user.createdAt.toISOString() });
    },
  );

  // Lets a page tell an admin token from a user's without asking a route that would refuse one of them.
  app.get(
    '/api/v1/whoami',
    {
      config: { auth: 'any' },
      schema: {
        tags: ['users'],
        summary: 'Who the token is: the admin, or a user (with id and name)',
        security: [{ bearer: [] }],
        response: { 200: whoamiViewSchema, ...errors(401) },
      },
    },
    async (request) => {
      const principal = request.principal!;
      return principal.kind === 'admin' ? { role: 'admin' as const } : { role: 'user' as const, id: principal.user.id, name: principal.user.name };
    },
  );

  app.get(
    '/api/v1/users/me',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['users'],
        summary: 'The user of the token',
        security: [{ bearer: [] }],
        response: { 200: userViewSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const user = callingUser(request);
      return { id: user.id, name: user.name, createdAt: user.createdAt.toISOString() };
    },
  );
}
