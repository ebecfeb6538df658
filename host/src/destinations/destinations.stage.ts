/**
 * Stage `destinations`, before `collection`: decides which destinations get this request's data and adds one
 * `dispatch` job each to the request's batch (`state.jobs`), so the jobs commit with the data they send (the outbox)
 * and an acknowledged request never loses them. Nothing is sent from here — the /track hot path never waits on
 * another system; the job runs the destination plugin in the sandbox on whichever process consumes the queue.
 *
 * - `on: event` destinations: each event of the request whose type is listed (default: every non-system event) and
 *   whose condition holds.
 * - `on: profile-changed` destinations: once per request, when the profile's data (ids, traits, PII, consents,
 *   segments) differs from what the last request of that profile left — whichever stage changed it. The last
 *   fingerprint is kept in the key-value store, so visit counters alone never send anything.
 */
import { evaluate, type ConditionContext } from '../condition/index.ts';
import { isTesseraError } from '../errors/index.ts';
import { plannedCommit } from '../pipeline/stages/collection.ts';
import { defineStage, type Resolved } from '../pipeline/types.ts';
import type { Services } from '../services.ts';
import type { OutboxJob, Profile, Session, TrackedEvent } from '../storage/index.ts';
import { activeDestinations, noActiveDestinations, type ActiveDestination } from './destinations.service.ts';
import { dispatchJob } from './dispatch.job.ts';
import { profileFingerprint } from './internal/fingerprint.ts';

/** Key-value namespace of the last profile fingerprint seen by this stage (not a plugin name: npm names have no `:`). */
export const FINGERPRINT_NAMESPACE = 'tessera:destinations';
/** Fingerprints of profiles not seen for this long are swept (the next change then counts as a change). */
const FINGERPRINT_TTL_SECONDS = 180 * 86_400;

function matches(a: ActiveDestination, ctx: ConditionContext): boolean {
  return a.condition === null || evaluate(a.condition, ctx);
}

function eventWanted(a: ActiveDestination, e: TrackedEvent): boolean {
  const types = a.destination.eventTypes;
  return types.length > 0 ? types.includes(e.type) : e.system !== true;
}

/**
 * Whether the profile changed since the last request of it, recording the new fingerprint if so. Like the scheduling
 * stage's pending records, the write is undone when the request is not committed (`undoIfNotCommitted`), so a
 * failed commit never marks a change as sent that no job will send.
 */
async function profileChanged(state: Resolved, services: Services, profile: Profile): Promise<boolean> {
  const fp = profileFingerprint(profile);
  const previous = await services.store.kv.get(FINGERPRINT_NAMESPACE, profile.id);
  if (previous === fp) return false;
  await services.store.kv.set(FINGERPRINT_NAMESPACE, profile.id, fp, FINGERPRINT_TTL_SECONDS);
  const undo = () => previous === undefined || previous === null
    ? services.store.kv.delete(FINGERPRINT_NAMESPACE, profile.id)
    : services.store.kv.set(FINGERPRINT_NAMESPACE, profile.id, previous, FINGERPRINT_TTL_SECONDS);
  state.undoIfNotCommitted = [...(state.undoIfNotCommitted ?? []), undo];
  return true;
}

async function planDispatches(state: Resolved, services: Services, active: ActiveDestination[]): Promise<OutboxJob[]> {
  const { profile, session } = state;
  const docs = (event: TrackedEvent | null) => ({ event, profile, session } as { event: TrackedEvent | null; profile: Profile | null; session: Session | null });
  const jobs: OutboxJob[] = [];
  for (const a of active.filter((x) => x.destination.on === 'event')) {
    for (const e of state.tracked) {
      if (!eventWanted(a, e) || !matches(a, docs(e) as ConditionContext)) continue;
      jobs.push(dispatchJob(a.destination, { trigger: 'event', ...docs(e) }));
    }
  }
  const onProfile = active.filter((x) => x.destination.on === 'profile-changed');
  // A profile that was not stored has nothing to send later; one that did not change sends nothing.
  if (onProfile.length > 0 && profile && (plannedCommit(state).profile || !state.isNewProfile) && await profileChanged(state, services, profile)) {
    const last = state.tracked.at(-1) ?? null;
    for (const a of onProfile) {
      if (!matches(a, docs(last) as ConditionContext)) continue;
      jobs.push(dispatchJob(a.destination, { trigger: 'profile-changed', ...docs(last) }));
    }
  }
  return jobs;
}

/** Adds the dispatch jobs of a request to its batch; a failure to plan them becomes a warning, never a lost request. */
async function planRequest(state: Resolved, services: Services): Promise<Resolved> {
  const active = await activeDestinations(services);
  if (active.length === 0) return state;
  try {
    const jobs = await planDispatches(state, services, active);
    if (jobs.length > 0) state.jobs = [...(state.jobs ?? []), ...jobs];
  } catch (err) {
    if (!isTesseraError(err)) throw err;
    services.log.error({ err }, 'destination dispatch jobs could not be planned');
    state.out.warnings.push(`destinations: data not sent: ${err.message}`);
  }
  return state;
}

/** Stage: the request's dispatch jobs (see {@link planRequest}). */
export const destinations = defineStage<Resolved, Resolved>('destinations', (state, services) => (
  // With no destination enabled (the fresh cache says so), nothing to plan: no promise, no turn of the event loop.
  noActiveDestinations(services) ? state : planRequest(state, services)
), { locked: true });
