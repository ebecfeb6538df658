/** `GET /api/setup` (is setup needed?), `POST /api/setup` (first admin, once) and `POST /api/auth/token` (log in). */
import { randomUUID } from 'node:crypto';
import { Type, type Static } from 'typebox';
import { userError } from '../errors/index.ts';
import { errors } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { Credentials, SetupInput, UserView, viewUser } from '../users/user.schema.ts';
import { createFirstAdmin, findUserByEmail, usersOf } from '../users/users.service.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { issueToken } from './tokens.ts';

const TokenResponse = Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserView });
/** Answer of `GET /api/setup`: whether the installation still waits for its first admin. */
export const SetupStatus = Type.Object({ needed: Type.Boolean({ description: 'True while no user exists: POST /api/setup creates the first admin' }) });
/** Answer of `GET /api/setup`. */
export type SetupStatus = Static<typeof SetupStatus>;

/** Setup and login. */
export const authRoutes = defineRoutes({
  name: 'auth',
  audience: 'api',
  register(app, services) {
    // Public so the sign-in page can send a fresh installation to setup; it tells no more than POST /api/setup would.
    app.get('/api/setup', {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'Whether the first admin still has to be created', response: { 200: SetupStatus } },
    }, async () => ({ needed: (await usersOf(services.store).count()) === 0 }));

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
