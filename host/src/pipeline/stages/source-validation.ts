/** Stage 1: the source exists, is enabled, serves this endpoint, and the caller may use it (secret, origin). */
import { timingSafeEqual, createHash } from 'node:crypto';
import { userError } from '../../errors/index.ts';
import { ENDPOINT_SOURCE_TYPES } from '../../sources/source.schema.ts';
import { originAllowed } from '../../sources/source-registry.ts';
import { defineStage, type Received, type Sourced } from '../types.ts';
import { internalIdError, normaliseId } from './ids.ts';

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  // Hash both so the comparison is constant-time regardless of length.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Loads and checks the event source named by the payload. */
export const sourceValidation = defineStage<Received, Sourced>('source-validation', async (state, services) => {
  const id = normaliseId(state.payload.source.id);
  const internal = state.request.internalSource;
  // Host jobs inject events under an internal source that exists only in code; it passes no other check.
  if (internal && internal.id === id && id.startsWith('@')) return { ...state, source: internal };
  if (id.startsWith('@')) throw internalIdError('source.id', id);
  const found = await services.sources.get(id);
  if (!found) throw userError('source_unknown', `Invalid event source \`${id}\`: no such source`, 401, { source: id });
  const { source } = found;
  if (!source.enabled) throw userError('source_disabled', `Event source \`${id}\` is disabled`, 403, { source: id });
  const allowed: readonly string[] = ENDPOINT_SOURCE_TYPES[state.request.endpoint];
  if (!allowed.includes(source.type)) {
    throw userError('source_type_not_allowed', `Event source \`${id}\` is of type ${source.type}; /${state.request.endpoint} accepts ${allowed.join(', ')} sources`, 403, { source: id, type: source.type });
  }
  if (found.secret !== null && !sameSecret(state.request.secret, found.secret)) {
    throw userError('source_secret_invalid', `Event source \`${id}\` requires its secret in the x-tessera-secret header`, 401, { source: id, header: 'x-tessera-secret' });
  }
  if (state.request.origin !== undefined && !originAllowed(source, state.request.origin)) {
    throw userError('origin_not_allowed', `Origin ${state.request.origin} may not send to event source \`${id}\``, 403, { source: id, origin: state.request.origin });
  }
  return { ...state, source };
});
