/** `POST /api/setup` (first admin, once) and `POST /api/auth/token` (log in). */
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import { userError } from '../errors/index.ts';
import { errors } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { Credentials, SetupInput, UserView, viewUser } from '../users/user.schema.ts';
import { createFirstAdmin, findUserByEmail } from '../users/users.service.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { issueToken } from './tokens.ts';

const TokenResponse = Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserView });

/** Setup and login. */
export const authRoutes = defineRoutes({
  name: 'auth',
  audience: 'api',
  register(app, services) {
    app.post('/api/setup', {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Create the first admin (only while no user exists)',
        body: SetupInput,
        response: { 201: TokenResponse, ...errors(409, 422) },
      },
    }, async (request, reply) => {
      const user = await createFirstAdmin(services.store, request.body.email, request.body.password);
      request.log.info({ email: user.email }, 'first admin created through /api/setup');
      const token = await issueToken(services.store, user, services.config.tokenTtlSeconds);
      reply.status(201);
      return { ...token, user: viewUser(user) };
    });

    let dummyHash: string | undefined;
    app.post('/api/auth/token', {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Exchange email and password for a bearer token',
        body: Credentials,
        response: { 200: TokenResponse, ...errors(401, 422) },
      },
    }, async (request) => {
      const user = await findUserByEmail(services.store, request.body.email);
      // Same answer, and the same scrypt work, for an unknown email and a wrong password: no account enumeration.
      const ok = await verifyPassword(request.body.password, user?.passwordHash ?? (dummyHash ??= await hashPassword(randomUUID())));
      if (!user || !ok) {
        throw userError('invalid_credentials', 'Email or password is wrong', 401);
      }
      const token = await issueToken(services.store, user, services.config.tokenTtlSeconds);
      return { ...token, user: viewUser(user) };
    });
  },
});
