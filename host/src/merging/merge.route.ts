/** `POST /api/profiles/{id}/merge {ids}`: an administrator merges profiles into the one named in the path. */
import { Type, type Static } from 'typebox';
import { userError } from '../errors/index.ts';
import { errors, IdParams } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { Profile } from '../storage/index.ts';
import { mergeProfiles, MAX_MERGE_GROUP } from './merge.ts';

const MergeBody = Type.Object({
  ids: Type.Array(Type.String({ minLength: 1, maxLength: 512 }), { minItems: 1, maxItems: MAX_MERGE_GROUP - 1, description: 'Ids (any id of each profile) to merge into the profile of the path' }),
}, { additionalProperties: false });

/** Answer of `POST /api/profiles/{id}/merge`. */
export const MergeResult = Type.Object({
  profile: Profile,
  merged: Type.Array(Type.String(), { description: 'Profiles merged by this call (empty when they already were one)' }),
  conflicts: Type.Array(Type.Object({ field: Type.String(), droppedFrom: Type.String() }), { description: 'Fields where the survivor kept its value' }),
  sessions: Type.Integer({ description: 'Sessions re-pointed at the survivor' }),
});
/** Answer of `POST /api/profiles/{id}/merge`. */
export type MergeResult = Static<typeof MergeResult>;

/** Admin-triggered merge. */
export const mergeRoutes = defineRoutes({
  name: 'merging',
  audience: 'api',
  register(app, services) {
    app.post('/api/profiles/:id/merge', {
      config: { permission: 'profiles.merge' },
      schema: {
        tags: ['profiles'], summary: 'Merge profiles into this one',
        description: 'The profile of the path survives with its id; the others are marked merged into it, their sessions follow it, and any of their ids finds it. Its own values win over the merged ones; missing ones are filled in, lists united, consents take the latest decision, stats add up.',
        params: IdParams, body: MergeBody, response: { 200: MergeResult, ...errors(401, 403, 404, 422, 503) },
      },
    }, async (request) => {
      const norm = (id: string) => id.trim().toLowerCase();
      const target = await services.store.profiles.findByAnyId(norm(request.params.id));
      if (!target) throw userError('profile_not_found', `No profile has the id ${request.params.id}`, 404);
      const ids = request.body.ids.map(norm);
      for (const [i, id] of ids.entries()) {
        if (!(await services.store.profiles.findByAnyId(id))) {
          throw userError('profile_not_found', `body.ids.${i}: no profile has the id ${request.body.ids[i]}`, 422, { fields: [{ in: 'body', path: `ids.${i}`, message: 'no such profile' }] });
        }
      }
      const outcome = await mergeProfiles(services, { ids: [target.id, ...ids], survivorId: target.id, followKeys: false });
      request.log.info({ survivor: target.id, merged: outcome.merged, by: request.user?.email }, 'profiles merged by an administrator');
      return { profile: outcome.survivor ?? target, merged: outcome.merged, conflicts: outcome.conflicts, sessions: outcome.sessions };
    });
  },
});
