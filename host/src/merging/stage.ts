/**
 * Stage `merge-check`, after the commit: when this request gave the profile new identification ids (`merge-keys`)
 * and another live profile holds one of them, a `merge` job is enqueued. It runs after the commit so the job always
 * finds the profile as committed. One indexed lookup per new id, and nothing at all when no id was added.
 * Also: when a cross-domain pass (`pipeline/stages/pass.ts`) moved the visitor off an anonymous profile, a `merge`
 * job merges that profile into the passed one (the passed one survives).
 */
import type { MergeKeyed } from '../identity/stages.ts';
import type { PassMerged } from '../pipeline/stages/pass.ts';
import { defineStage, type Collected } from '../pipeline/types.ts';
import type { Services } from '../services.ts';
import { enqueueMerge } from './merge.job.ts';

/** Looks for other holders of the new identification ids and enqueues their merge. */
async function findMerges(state: Collected, services: Services, added: string[] | undefined, passFrom: string | undefined): Promise<Collected> {
  const profile = state.profile;
  if (passFrom && profile && state.committed.profile) {
    try {
      await enqueueMerge(services, { ids: [profile.id, passFrom], survivorId: profile.id, reason: 'cross-domain-pass' });
    } catch (err) {
      services.log.error({ err, profile: profile.id, from: passFrom }, 'enqueueing the cross-domain merge failed');
      state.out.warnings.push('Merging this visitor\'s previous anonymous profile failed; it stays separate.');
    }
  }
  if (!added || added.length === 0 || !profile || !state.committed.profile) return state;
  try {
    const others = new Set<string>();
    const page = await services.store.profiles.search({
      filters: [{ field: 'ids', op: 'in', value: added }, { field: 'mergedInto', op: 'exists', value: false }],
      limit: 50,
    });
    for (const p of page.items) if (p.id !== profile.id) others.add(p.id);
    if (others.size > 0) await enqueueMerge(services, { ids: [profile.id, ...others], keys: added, reason: 'identification' });
  } catch (err) {
    // The request is committed: answering an error now would make the tracker resend stored events.
    services.log.error({ err, profile: profile.id }, 'merge check failed; the duplicates merge when the profile is next identified');
    state.out.warnings.push('Looking for duplicates of this profile failed; they will be merged when it is next identified.');
  }
  return state;
}

/** Stage: merge check (see {@link findMerges}); a request that added no id and passed no profile goes on at once. */
export const mergeCheck = defineStage<Collected, Collected>('merge-check', (state, services) => {
  // `merge-keys` added this field before the commit; `collection` hands the state on as it got it.
  const added = (state as Collected & MergeKeyed).newMergeKeys;
  // A cross-domain pass moved the visitor off an anonymous profile: merge it into the passed one, which survives.
  const passFrom = (state as Collected & PassMerged).passMergeFrom;
  return (!added || added.length === 0) && !passFrom ? state : findMerges(state, services, added, passFrom);
});
