/**
 * Validation of documents before any adapter writes them, so a batch with one bad document writes nothing and the
 * caller learns which field is wrong. Shared by every adapter.
 */
import { Compile } from 'typebox/compile';
import { userError } from '../errors/index.ts';
import { Profile, Session, TrackedEvent } from './entities.ts';
import type { OutboxJob, WriteBatch } from './port.ts';
import { JOB_NAMES } from '../queue/port.ts';

const checkers = {
  profiles: Compile(Profile),
  sessions: Compile(Session),
  events: Compile(TrackedEvent),
};

/** The collections whose documents have an entity schema. */
export type EntityCollection = keyof typeof checkers;

/** Longest accepted document id. */
export const MAX_ID_LENGTH = 512;

function pathOf(instancePath: string): string {
  return instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('');
}

/** Throws `invalid_document` (422) naming `<where>.id` unless the document has a usable string id. */
export function validateId(doc: unknown, where: string): void {
  const id = (doc as { id?: unknown } | null)?.id;
  if (typeof doc !== 'object' || doc === null || typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw userError('invalid_document', `${where}.id must be a non-empty string of at most ${MAX_ID_LENGTH} characters`, 422, { field: `${where}.id` });
  }
}

/** Throws `invalid_document` (422) naming the first wrong field, e.g. `events[2].type`. */
export function validateDocs(collection: EntityCollection | null, docs: readonly unknown[], where: string = collection ?? 'docs'): void {
  if (!Array.isArray(docs)) throw userError('invalid_document', `${where} must be an array`, 422, { field: where });
  docs.forEach((doc, i) => {
    const at = `${where}[${i}]`;
    validateId(doc, at);
    if (collection === null) return;
    const checker = checkers[collection];
    if (checker.Check(doc)) return;
    const first = [...checker.Errors(doc)][0];
    const field = `${at}${first ? pathOf(first.instancePath) : ''}`;
    throw userError('invalid_document', `${field} ${first?.message ?? 'is invalid'}`, 422, { field });
  });
}

/** An optional list of ids in a batch. */
function validateIdList(ids: unknown, field: string): void {
  if (ids !== undefined && !(Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) {
    throw userError('invalid_document', `${field} must be an array of ids`, 422, { field });
  }
}

/** Validates every document and id of a write batch. */
export function validateBatch(batch: WriteBatch): void {
  if (typeof batch !== 'object' || batch === null) throw userError('invalid_document', 'batch must be an object', 422, { field: 'batch' });
  validateDocs('profiles', batch.profiles ?? [], 'profiles');
  validateDocs('sessions', batch.sessions ?? [], 'sessions');
  validateDocs('events', batch.events ?? [], 'events');
  validateIdList(batch.deleteProfiles, 'deleteProfiles');
  validateIdList(batch.created, 'created');
  validateJobs(batch.jobs ?? []);
}

/** Throws `invalid_document` (422) naming the first wrong field of an outbox job, e.g. `jobs[1].name`. */
function validateJobs(jobs: readonly OutboxJob[]): void {
  if (!Array.isArray(jobs)) throw userError('invalid_document', 'jobs must be an array', 422, { field: 'jobs' });
  jobs.forEach((job, i) => {
    const at = `jobs[${i}]`;
    validateId(job, at);
    const bad = (field: string, why: string) => userError('invalid_document', `${at}.${field} ${why}`, 422, { field: `${at}.${field}` });
    if (!(JOB_NAMES as readonly string[]).includes(job.name)) throw bad('name', `must be one of ${JOB_NAMES.join(', ')}`);
    if (job.payload === undefined) throw bad('payload', 'is required');
    const options = job.options ?? {};
    if (typeof options !== 'object' || options === null) throw bad('options', 'must be an object');
    for (const key of ['delayMs', 'attempts', 'backoffMs'] as const) {
      const v = options[key];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw bad(`options.${key}`, 'must be a non-negative number');
    }
  });
}
