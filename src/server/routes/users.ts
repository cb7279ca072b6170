/** Users: the admin creates them and hands out their tokens; a user can ask who they are. */
import type { FastifyInstance } from 'fastify';
import { callingUser } from '../auth.js';
import { hashToken, newToken } from '../ids.js';
import type { ApiContext } from './context.js';
import { errors, userBodySchema, userCreatedSchema, userSchema } from './schemas.js';

export function userRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post(
    '/api/v1/users',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['users'],
        summary: "Create a user (admin); the response holds the user's token, shown this once",
        security: [{ bearer: [] }],
        body: userBodySchema,
        response: { 201: userCreatedSchema, ...errors(400, 401, 403, 415) },
      },
    },
    async (request, reply) => {
      const { name } = request.body as { name: string };
      const token = newToken();
      const user = await ctx.store.createUser({ name: name.trim() || name, tokenHash: hashToken(token) });
      return reply.code(201).send({ id: user.id, name: user.name, token, createdAt: user.createdAt.toISOString() });
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
        response: { 200: userSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const user = callingUser(request);
      return { id: user.id, name: user.name, createdAt: user.createdAt.toISOString() };
    },
  );
}
