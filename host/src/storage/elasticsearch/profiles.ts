/**
 * Profiles on Elasticsearch. A profile is found by its own id with a real-time GET; merged-away profiles are
 * followed through `mergedInto`; other ids (identification ids, merged ids listed on the survivor) are looked up in
 * the `ids` of live profiles by search.
 */
import { KV_FIELD, KV_SEP, PATHS_FIELD, encodeScalar } from '@tessera/migrations';
import type { Profile } from '../entities.ts';
import type { ProfileCollection } from '../port.ts';
import { EsCollection } from './collection.ts';

const MAX_MERGE_HOPS = 16;

/** The profile collection with resolution by any id. */
export class EsProfileCollection extends EsCollection<Profile> implements ProfileCollection {
  async findByAnyId(id: string): Promise<Profile | null> {
    if (typeof id !== 'string' || id === '') return null;
    let profile = await this.get(id);
    for (let hops = 0; profile?.mergedInto && hops < MAX_MERGE_HOPS; hops += 1) profile = await this.get(profile.mergedInto);
    if (profile && !profile.mergedInto) return profile;
    const hits = await this.rawSearch({
      size: 1,
      sort: [{ updatedAt: { order: 'desc', unmapped_type: 'keyword' } }, { id: { order: 'asc' } }],
      query: {
        bool: {
          filter: [{ term: { [KV_FIELD]: `ids${KV_SEP}${encodeScalar(id)}` } }],
          must_not: [{ term: { [PATHS_FIELD]: 'mergedInto' } }],
        },
      },
    });
    const hit = hits[0];
    return hit ? (await this.get(String(hit._source.id))) : null;
  }
}
