/** Merging duplicate profiles: the rules, the locked atomic merge, the `merge` job, the merge-check stage and route. */
export { combineProfiles, chooseSurvivor, mergeOrder, markMerged, fillMerge, type Combined, type MergeConflict } from './rules.ts';
export { mergeProfiles, MAX_MERGE_GROUP, type MergeRequest, type MergeOutcome } from './merge.ts';
export { mergeJobHandler, enqueueMerge, type MergeJobPayload } from './merge.job.ts';
export { mergeCheck } from './stage.ts';
export { mergeRoutes } from './merge.route.ts';
export { withProfileLocks, profileLockKey } from './internal/locks.ts';
