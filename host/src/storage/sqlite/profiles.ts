/**
 * Profiles: a document collection that also maintains the `profile_ids` side table (every id that resolves to a
 * profile), so `findByAnyId` is one indexed lookup.
 */
import type { Profile } from '../entities.ts';
import type { ProfileCollection } from '../port.ts';
import { validateId } from '../validate.ts';
import { read, SqliteCollection } from './collection.ts';

/** How many `mergedInto` hops findByAnyId follows before giving up (guards against a cycle). */
const MAX_MERGE_HOPS = 16;

/** The SQLite profile collection. */
export class SqliteProfiles extends SqliteCollection<Profile> implements ProfileCollection {
  findByAnyId(id: string): Promise<Profile | null> {
    try {
      validateId({ id }, 'id');
    } catch (error) {
      return Promise.reject(error);
    }
    return read(() => {
      // The common case, a live profile's own id (every returning visitor), is one primary-key read; the lookup below
      // would answer the same (a profile's own id always has its profile_ids row, and live own ids sort first).
      const own = this.storedJson(id);
      if (own !== undefined) {
        const profile = JSON.parse(own) as Profile;
        if (!profile.mergedInto) return profile;
      }
      // Live profiles first, and among them the one whose own id it is; merged-away ones only as a fallback.
      const rows = this.statements.get(`
        SELECT p.doc FROM profile_ids i JOIN profiles p ON p.id = i.profile_id
        WHERE i.id = ?
        ORDER BY json_extract(p.doc, '$.mergedInto') IS NOT NULL, p.id != i.id, p.updated_at DESC
        LIMIT 1`).pluck().all(id) as string[];
      let profile = rows[0] === undefined ? null : (JSON.parse(rows[0]) as Profile);
      // A merged-away profile whose survivor does not list the id: follow mergedInto to the survivor.
      for (let hop = 0; profile?.mergedInto && hop < MAX_MERGE_HOPS; hop += 1) {
        const next = this.statements.get('SELECT doc FROM profiles WHERE id = ?').pluck().get(profile.mergedInto) as string | undefined;
        profile = next === undefined ? null : (JSON.parse(next) as Profile);
      }
      return profile?.mergedInto ? null : profile;
    });
  }

  /** Every id of a profile resolves to it: the writer keeps them in `profile_ids`. */
  protected override aliasesOf(profile: Profile): readonly string[] {
    return [...profile.ids];
  }
}
