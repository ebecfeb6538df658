/**
 * Test runs and replays (the debugger): run a flow version — the draft by default — for a made-up or stored event,
 * with the full per-node trace, and store nothing. Replaces Tracardi's "errors only in the log".
 */
import type { Store } from '../storage/index.ts';
import { userError } from '../errors/index.ts';
import { diffDocs, type Engine, type FlowIssue, type NodeTrace } from './engine/index.ts';
import type { FlowService } from './flows.service.ts';
import type { PatchOp } from '../sandbox/index.ts';
import { normaliseEventType } from '../pipeline/stages/ids.ts';

/** The body of `POST /api/flows/{id}/test`. */
export interface TestRunInput {
  event?: { type: string; properties?: Record<string, unknown>; context?: Record<string, unknown> };
  profile?: Record<string, unknown>;
  profileId?: string;
  eventId?: string;
  version?: number;
}

/** What a test run returns. */
export interface TestRunResult {
  flowId: string;
  version: number | 'draft';
  status: 'ok' | 'failed';
  nodes: NodeTrace[];
  edges: string[];
  profileDiff: { path: string; before: unknown; after: unknown }[];
  patches: PatchOp[];
  response: Record<string, unknown>;
  ux: unknown[];
  errors: FlowIssue[];
  warnings: FlowIssue[];
  durationMs: number;
}

const now = () => new Date().toISOString();

function syntheticProfile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const t = now();
  return {
    id: '@test-profile', ids: ['@test-profile'], createdAt: t, updatedAt: t, traits: {}, pii: {}, consents: {}, segments: [],
    stats: { visits: 1, events: 1 }, version: 0, ...overrides,
  };
}

/** Runs a flow for a test or a replay; nothing is stored. */
export async function testRun(deps: { store: Store; flows: FlowService; engine: Engine }, flowId: string, input: TestRunInput): Promise<TestRunResult> {
  const version = input.version ?? 'draft';
  const graph = await deps.flows.graph(flowId, version);
  let event: Record<string, unknown>;
  let profile: Record<string, unknown> | null;
  let session: Record<string, unknown> | null;
  if (input.eventId) {
    const stored = await deps.store.events.get(input.eventId);
    if (!stored) throw userError('event_not_found', `No stored event '${input.eventId}' to replay`, 404, { field: 'eventId' });
    event = { ...stored } as unknown as Record<string, unknown>;
    profile = stored.profileId ? (await deps.store.profiles.findByAnyId(stored.profileId)) as unknown as Record<string, unknown> | null : null;
    session = stored.sessionId ? (await deps.store.sessions.get(stored.sessionId)) as unknown as Record<string, unknown> | null : null;
  } else {
    if (!input.event) throw userError('validation_failed', 'body.event is required unless eventId is given', 422, { fields: [{ in: 'body', path: 'event', message: 'is required' }] });
    if (input.profileId) {
      const found = await deps.store.profiles.findByAnyId(input.profileId);
      if (!found) throw userError('profile_not_found', `No profile '${input.profileId}'`, 404, { field: 'profileId' });
      profile = found as unknown as Record<string, unknown>;
    } else {
      profile = syntheticProfile(input.profile ?? {});
    }
    const t = now();
    session = { id: '@test-session', profileId: profile.id, sourceId: '@test-source', createdAt: t, updatedAt: t, status: 'active', context: {}, properties: {}, version: 0 };
    event = {
      id: '@test-event', type: normaliseEventType(input.event.type), sourceId: '@test-source', profileId: profile.id, sessionId: session.id, time: t, insertedAt: t,
      properties: input.event.properties ?? {}, context: input.event.context ?? {}, options: {}, tags: [], status: 'collected',
    };
  }
  const run = await deps.engine.run({ id: flowId, version, graph }, { event, profile, session }, { trace: true });
  return {
    flowId, version, status: run.status, nodes: run.nodes, edges: run.edges,
    profileDiff: diffDocs(profile ?? {}, run.docs.profile ?? {}), patches: run.patches,
    response: run.response, ux: run.ux, errors: run.errors, warnings: run.warnings, durationMs: run.durationMs,
  };
}
