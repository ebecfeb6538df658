/**
 * Cross-domain profile passing (Tracardi's "referrer pass", step 4 of its /track): a visitor who followed a link
 * decorated with `__tr_pid`/`__tr_src` arrives with `context.tracardi.pass.{profile, source}`, and continues on the
 * profile of the site they came from. The rules that keep a forged or shared link from moving visitors onto
 * arbitrary profiles are documented in `host/tracker/README.md` ("Cross-domain profiles").
 */
import { IDENTIFICATION_ID_PREFIX } from '../../identity/internal/keys.ts';
import type { Services } from '../../services.ts';
import type { Profile } from '../../storage/index.ts';
import type { Validated } from '../types.ts';
import { normaliseId } from './ids.ts';

/** State after resolution when a pass moved the visitor off an anonymous profile: `merge-check` merges it in. */
export interface PassMerged {
  /** The anonymous profile the visitor had here, to be merged into the passed (current) profile. */
  passMergeFrom?: string;
}

/** A passed profile is honoured only while it was active this recently: the tracker's 30-minute session window. */
export const PASS_MAX_IDLE_MS = 30 * 60 * 1000;

const MAX_ID_LENGTH = 200;

/** What the payload's `context.tracardi.pass` names, normalised, or null when it is absent or malformed. */
export function readPass(context: Record<string, unknown> | undefined): { profileId: string; sourceId: string } | null {
  const tracardi = context?.tracardi as { pass?: unknown } | undefined;
  const pass = tracardi && typeof tracardi === 'object' ? (tracardi.pass as Record<string, unknown> | undefined) : undefined;
  if (!pass || typeof pass !== 'object') return null;
  const { profile, source } = pass;
  if (typeof profile !== 'string' || typeof source !== 'string') return null;
  const profileId = normaliseId(profile);
  const sourceId = normaliseId(source);
  if (!profileId || !sourceId || profileId.length > MAX_ID_LENGTH || sourceId.length > MAX_ID_LENGTH) return null;
  if (profileId.startsWith('@') || sourceId.startsWith('@')) return null;
  return { profileId, sourceId };
}

/** True when a profile says who someone is (PII or identification ids): such a profile is never merged by a link. */
export function isIdentified(profile: Profile): boolean {
  return Object.keys(profile.pii).length > 0 || profile.ids.some((id) => id.startsWith(IDENTIFICATION_ID_PREFIX));
}

/** What resolution does with a pass. */
export type PassDecision =
  | { kind: 'none' }
  | { kind: 'adopt'; profile: Profile; mergeFrom: string | null }
  | { kind: 'refused'; reason: string };

const NO_PASS: PassDecision = Object.freeze({ kind: 'none' });

/**
 * Decides whether the request continues on the passed profile. `current` is the existing profile resolution found
 * (through the session or the payload's profile id), or null. A request without a pass (nearly all) is decided at
 * once, without a promise.
 */
export function decidePass(state: Validated, current: Profile | null, services: Services, now: number): PassDecision | Promise<PassDecision> {
  const pass = readPass(state.payload.context as Record<string, unknown> | undefined);
  if (!pass || state.request.profileLess) return NO_PASS;
  // The tracker sends the pass with every request of the landing page; once the visitor is on it, it is a no-op.
  if (current && (current.id === pass.profileId || current.ids.includes(pass.profileId))) return NO_PASS;
  return checkPass(pass, current, services, now);
}

/** The checks of a pass that need the store: its source, the passed profile, and how recently it was active. */
async function checkPass(pass: { profileId: string; sourceId: string }, current: Profile | null, services: Services, now: number): Promise<PassDecision> {
  const found = await services.sources.get(pass.sourceId);
  if (!found || !found.source.enabled) return { kind: 'refused', reason: `its source \`${pass.sourceId}\` is not a known, enabled event source` };
  const passed = await services.store.profiles.findByAnyId(pass.profileId);
  if (!passed) return { kind: 'refused', reason: 'the passed profile does not exist' };
  if (current && passed.id === current.id) return { kind: 'none' };
  const seen = Date.parse(passed.updatedAt);
  if (!Number.isFinite(seen) || now - seen > PASS_MAX_IDLE_MS) return { kind: 'refused', reason: 'the passed profile has not been active in the last 30 minutes' };
  if (current && isIdentified(current)) return { kind: 'refused', reason: 'this visitor\'s profile is identified; a link never merges it into another one' };
  return { kind: 'adopt', profile: passed, mergeFrom: current?.id ?? null };
}
