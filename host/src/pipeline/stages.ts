/**
 * THE ingestion pipeline: one closed, ordered list of stages (ARCHITECTURE.md "Data flow of one /track request").
 * Each stage is a named function from one typed state to the next; the compiler checks that each stage's output fits
 * the next stage's input. Stages that later issues fill are explicit pass-throughs. To fill one, replace its entry
 * with the real stage (same name, same place) — never add a stage elsewhere.
 */
import { collection } from './stages/collection.ts';
import { payloadValidation } from './stages/payload-validation.ts';
import { resolution } from './stages/resolution.ts';
import { sourceValidation } from './stages/source-validation.ts';
import { passThrough, type Collected, type Resolved, type Stage } from './types.ts';
import { patches, processing, routing } from '../workflow/stages.ts';
import { destinations } from '../destinations/destinations.stage.ts';
import { scheduling } from '../scheduler/scheduling.stage.ts';
import { identityResolution, mergeKeys } from '../identity/stages.ts';
import { mergeCheck } from '../merging/stage.ts';
import { segmentation } from '../segments/stage.ts';

/** The stages, in the order they run. */
export const STAGES = [
  sourceValidation,
  payloadValidation,
  resolution,
  // Per event. TODO(event validation issue): JSON-Schema validators per event type mark events invalid.
  passThrough<Resolved>('event-validation', { locked: true }),
  // TODO(reshaping issue): reshaping schemas rewrite event properties/context.
  passThrough<Resolved>('reshaping', { locked: true }),
  // Identification points: a new session's events may identify an existing profile (the visitor came back).
  identityResolution,
  // The workflow stages run before collection so that a request is ONE atomic durable commit: the events, and the
  // profile/session/events as the flows left them. (A second commit per request would double the fsyncs.)
  routing,
  processing,
  patches,
  // Identification ids and segment membership are computed from the patched profile and committed with it, in the
  // same single commit; `merge-check` runs after the commit, so a merge job finds the profile as committed.
  mergeKeys,
  segmentation,
  // Before the commit: `dispatch` jobs join the request's batch (the store's outbox), so they are committed with
  // the data they send and a crash after the answer loses none (nothing is sent from the request itself).
  destinations,
  // Before the commit: what flows sent out of the reserved `schedule` port becomes delayed `scheduled-event` jobs in
  // the same batch.
  scheduling,
  collection,
  mergeCheck,
] as const;

/** Names of the stages, in order. */
export type StageName = (typeof STAGES)[number]['name'];

// Compile-time check: each stage's output is assignable to the next stage's input.
type ChainOk<T extends readonly unknown[]> = T extends readonly [Stage<any, infer O>, Stage<infer I, any>, ...infer Rest]
  ? [O] extends [I] ? ChainOk<readonly [Stage<I, any>, ...Rest]> : { broken: T[1] }
  : true;
const chainOk: ChainOk<typeof STAGES> = true;
void chainOk;

/** The state the last stage returns. */
export type PipelineResult = Collected;

/** Start-up check: names are unique and the locked stages form one contiguous run. */
export function assertStageList(stages: readonly Stage<any, any>[] = STAGES): void {
  const names = new Set<string>();
  for (const s of stages) {
    if (names.has(s.name)) throw new Error(`pipeline stage ${s.name} is listed twice`);
    names.add(s.name);
  }
  const locked = stages.map((s, i) => (s.locked ? i : -1)).filter((i) => i >= 0);
  if (locked.length > 0 && locked[locked.length - 1]! - locked[0]! + 1 !== locked.length) {
    throw new Error('pipeline stages that run under the profile lock must be contiguous');
  }
}
