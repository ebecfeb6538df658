/** `GET /api/users`, `POST /api/users`: admins manage users and roles. */
import { errors, PageOf, PageQuery } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { Type } from 'typebox';
import { UserInput, UserView, viewUser } from './user.schema.ts';
import { createUser, usersOf } from './users.service.ts';

/** User management (admin only). */
export const userRoutes = defineRoutes({
  name: 'users',
  audience: 'api',
  register(app, services) {
    app.get('/api/users', {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'], summary: 'List users',
        querystring: Type.Object(PageQuery),
        response: { 200: PageOf(UserView), ...errors(401, 403, 422) },
      },
    }, async (request) => {
      const page = await usersOf(services.store).search({ sort: [{ field: 'email', order: 'asc' }], limit: request.query.limit, cursor: request.query.cursor });
      return { items: page.items.map(viewUser), next: page.next };
    });

    app.post('/api/users', {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'], summary: 'Create a user with a role',
        body: UserInput,
        response: { 201: UserView, ...errors(401, 403, 409, 422) },
      },
    }, async (request, reply) => {
      const user = await createUser(services.store, request.body);
      reply.status(201);
      return viewUser(user);
    });
  },
});
