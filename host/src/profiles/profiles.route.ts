/** `GET /api/profiles` (search), `GET,DELETE /api/profiles/{id}` (any of a profile's ids finds it). */
import { Type } from 'typebox';
import { userError } from '../errors/index.ts';
import { errors, IdParams, PageOf, PageQuery } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { Profile, type Filter } from '../storage/index.ts';

const ProfileQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Free text over ids, traits and PII' })),
  segment: Type.Optional(Type.String({ minLength: 1, description: 'Only profiles in this segment' })),
  ...PageQuery,
});

/** Profiles. */
export const profileRoutes = defineRoutes({
  name: 'profiles',
  audience: 'api',
  register(app, services) {
    const tags = ['profiles'];
    const find = async (id: string) => {
      const profile = await services.store.profiles.findByAnyId(id.trim().toLowerCase());
      if (!profile) throw userError('profile_not_found', `No profile has the id ${id}`, 404);
      return profile;
    };

    app.get('/api/profiles', {
      config: { permission: 'profiles.read' },
      schema: { tags, summary: 'Search profiles, most recently updated first', querystring: ProfileQuery, response: { 200: PageOf(Profile), ...errors(400, 401, 403, 422) } },
    }, async (request) => {
      const q = request.query;
      // Merged-away profiles live on only as ids of their survivor.
      const filters: Filter[] = [{ field: 'mergedInto', op: 'exists', value: false }];
      if (q.segment) filters.push({ field: 'segments', op: 'eq', value: q.segment });
      return services.store.profiles.search({ filters, text: q.q, sort: [{ field: 'updatedAt', order: 'desc' }], limit: q.limit, cursor: q.cursor });
    });

    app.get('/api/profiles/:id', {
      config: { permission: 'profiles.read' },
      schema: { tags, summary: 'Get a profile by any of its ids', params: IdParams, response: { 200: Profile, ...errors(401, 403, 404) } },
    }, async (request) => find(request.params.id));

    app.delete('/api/profiles/:id', {
      config: { permission: 'profiles.delete' },
      schema: { tags, summary: 'Delete a profile (found by any of its ids)', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
    }, async (request, reply) => {
      const profile = await find(request.params.id);
      await services.store.commit({ deleteProfiles: [profile.id] });
      request.log.info({ profile: profile.id, by: request.user?.email }, 'profile deleted');
      return reply.status(204).send(null);
    });
  },
});
