/** Stage 2: normalises ids, event types and times, refuses internal ids, and decides what may be saved. */
import { userError } from '../../errors/index.ts';
import { defineStage, type NormalisedEvent, type Sourced, type Validated } from '../types.ts';
import type { EventPayload } from '../track.schema.ts';
import { internalIdError, normaliseEventType, normaliseId, uuidv7 } from './ids.ts';

function optionalId(entity: { id: string } | null | undefined, field: string): string | null {
  if (!entity) return null;
  const id = normaliseId(entity.id);
  if (id.startsWith('@')) throw internalIdError(field, id);
  return id;
}

function eventTime(e: EventPayload, index: number, fallback: string): string {
  const raw = typeof e.time === 'string' ? e.time : e.time?.create ?? null;
  if (raw === null || raw === undefined) return fallback;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) {
    const path = typeof e.time === 'string' ? `events.${index}.time` : `events.${index}.time.create`;
    throw userError('validation_failed', `body.${path} is not a valid date: "${raw}"`, 422, { fields: [{ in: 'body', path, message: 'is not a valid date' }] });
  }
  return new Date(ms).toISOString();
}

function normaliseEvent(e: EventPayload, index: number, now: string): NormalisedEvent {
  const id = e.id === undefined ? uuidv7() : normaliseId(e.id);
  if (id.startsWith('@')) throw internalIdError(`events.${index}.id`, id);
  return {
    id,
    type: normaliseEventType(e.type),
    time: eventTime(e, index, now),
    properties: e.properties ?? {},
    context: e.context ?? {},
    options: e.options ?? {},
    tags: e.tags ?? [],
  };
}

/** Checks what the schema cannot express and normalises the payload. */
export const payloadValidation = defineStage<Sourced, Validated>('payload-validation', (state, services) => {
  const { payload, request, source } = state;
  const now = request.receivedAt.toISOString();
  const sessionId = optionalId(payload.session, 'session.id');
  const profileId = optionalId(payload.profile, 'profile.id');
  const events = payload.events.map((e, i) => normaliseEvent(e, i, now));
  const options = payload.options ?? {};
  // An ephemeral source processes events and stores nothing (Tracardi's open version still stores events here).
  const persist = !source.ephemeral;
  return {
    ...state,
    sessionId,
    profileId,
    events,
    save: {
      profile: persist && options.saveProfile !== false,
      session: persist && options.saveSession !== false,
      events: persist && options.saveEvents !== false,
    },
    debug: options.debugger === true && services.config.trackDebug,
  };
});
