import { checkPatchShape } from '../../patches/apply-patches.ts';
import type { PatchOp } from '../../patches/patch.types.ts';
import type { Manifest } from '../../manifest/manifest.types.ts';
import { sandboxError } from '../errors.ts';
import type { SandboxCall, SandboxError, SandboxLog } from '../types.ts';

/** Profile fields holding personal data; hidden from plugins without `permissions.pii`. */
export const PII_PATHS = ['pii', 'data.pii', 'data.contact'] as const;

/** Marker the in-isolate `call` returns when `run` returned a promise. */
export const ASYNC_MARKER = '\u0000async';

function withoutPii(profile: Record<string, unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = { ...profile };
  delete view.pii;
  const data = view.data;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const d = { ...(data as Record<string, unknown>) };
    delete d.pii;
    delete d.contact;
    view.data = d;
  }
  return view;
}

/**
 * Whether a stored consent entry grants its purpose: Tessera's `{ granted, at, expiresAt? }` (a refusal is
 * `granted: false`; an entry past `expiresAt` grants nothing), or Tracardi's `true` / `{ revoke: null | date }`.
 */
function consentGranted(value: unknown, now: number): boolean {
  if (value === true) return true;
  if (!value || typeof value !== 'object') return false;
  if ('granted' in value) {
    const { granted, expiresAt } = value as { granted?: unknown; expiresAt?: unknown };
    if (granted !== true) return false;
    if (expiresAt === undefined || expiresAt === null) return true;
    const t = Date.parse(String(expiresAt));
    return Number.isFinite(t) && t > now;
  }
  const revoke = (value as { revoke?: unknown }).revoke;
  if (revoke === undefined || revoke === null) return true;
  const t = Date.parse(String(revoke));
  return Number.isFinite(t) && t > now;
}

/**
 * JSON of documents, memoised per document object. A caller that passes the same event, profile or session object to
 * several calls (the workflow engine, node after node) lets them share one serialisation; it must not modify a
 * document while the cache is in use (the engine replaces documents, never edits them).
 */
export interface DocCache {
  full: WeakMap<object, string>;
  withoutPii: WeakMap<object, string>;
}

/** A fresh {@link DocCache}. */
export function createDocCache(): DocCache {
  return { full: new WeakMap(), withoutPii: new WeakMap() };
}

function docJson(doc: Record<string, unknown> | null | undefined, cache: DocCache | undefined, stripPii: boolean): string {
  if (!doc) return '{}';
  const memo = cache ? (stripPii ? cache.withoutPii : cache.full) : undefined;
  let json = memo?.get(doc);
  if (json === undefined) {
    json = JSON.stringify(stripPii ? withoutPii(doc) : doc);
    memo?.set(doc, json);
  }
  return json;
}

/** Arguments of the in-isolate `call`: the request, then the event, profile and session JSON (null when not readable). */
export type CallArguments = [request: string, event: string | null, profile: string | null, session: string | null];

/** A node's configuration after validation (defaults applied), with its JSON. */
export interface ValidConfig {
  value: Record<string, unknown>;
  json: string;
}

/** The request for one call: only what the manifest lets the plugin see crosses into the isolate. */
export function buildRequest(id: number, call: SandboxCall, manifest: Manifest, config: ValidConfig): CallArguments {
  const p = manifest.permissions;
  const req: Record<string, unknown> = { id, i: { port: call.input.port, payload: call.input.payload ?? null } };
  if (p.resources.length && call.resources) {
    const r: Record<string, unknown> = {};
    for (const name of p.resources) if (Object.hasOwn(call.resources, name)) r[name] = call.resources[name];
    req.r = r;
  }
  if (p.consent.length) {
    const consents = (call.profile?.consents ?? {}) as Record<string, unknown>;
    const now = Date.now();
    const k: Record<string, boolean> = {};
    for (const purpose of p.consent) k[purpose] = Object.hasOwn(consents, purpose) && consentGranted(consents[purpose], now);
    req.k = k;
  }
  if (call.trace) req.t = call.trace;
  // The configuration's JSON is made once per node (see the runtime's configFor) and spliced in.
  const head = JSON.stringify(req);
  return [
    `${head.slice(0, -1)},"c":${config.json}}`,
    p.event !== 'none' ? docJson(call.event, call.docCache, false) : null,
    p.profile !== 'none' ? docJson(call.profile, call.docCache, !p.pii) : null,
    p.session !== 'none' ? docJson(call.session, call.docCache, false) : null,
  ];
}

/** Why a patch returned by the plugin is not allowed by its manifest, or null. */
export function patchViolation(patch: PatchOp, manifest: Manifest): SandboxError | null {
  const shape = checkPatchShape(patch);
  if (shape) return sandboxError('invalid_patch', `invalid patch: ${shape}`);
  const level = manifest.permissions[patch.target];
  if (level !== 'write') return sandboxError('permission_denied', `patch on ${patch.target} needs permissions.${patch.target}: "write" (it is "${level}")`);
  if (patch.target === 'profile' && !manifest.permissions.pii && PII_PATHS.some((x) => patch.path === x || patch.path.startsWith(`${x}.`))) {
    return sandboxError('permission_denied', `patch on profile.${patch.path} needs permissions.pii: true`);
  }
  // Consent is recorded per purpose, and only by plugins that declare they serve that purpose.
  if (patch.target === 'profile' && (patch.path === 'consents' || patch.path.startsWith('consents.'))) {
    const purpose = patch.path.split('.')[1];
    if (purpose === undefined || !manifest.permissions.consent.includes(purpose)) {
      return sandboxError('permission_denied', `patch on profile.${patch.path} needs the purpose in permissions.consent (it serves ${JSON.stringify(manifest.permissions.consent)})`);
    }
  }
  return null;
}

/** What came out of the isolate, checked again on the host side (the isolate's own checks are not trusted). */
export interface ParsedOutput {
  results: Array<{ port: string; payload: unknown }>;
  patches: PatchOp[];
  logs: SandboxLog[];
  error?: SandboxError;
}

/** Parses and checks the isolate's JSON answer. */
export function parseOutput(json: unknown, manifest: Manifest, maxResultBytes: number): ParsedOutput {
  if (typeof json !== 'string') return { results: [], patches: [], logs: [], error: sandboxError('sandbox_internal', 'the isolate returned no result') };
  if (json.length > maxResultBytes * 1.1 + 65536) {
    return { results: [], patches: [], logs: [], error: sandboxError('result_too_large', `the result is ${json.length} bytes, more than the ${maxResultBytes} allowed`) };
  }
  const out = JSON.parse(json) as { ok: boolean; r?: ParsedOutput['results']; p?: PatchOp[]; l?: SandboxLog[]; dl?: number; error?: { code: string; message: string } };
  const logs = Array.isArray(out.l) ? out.l : [];
  if (out.dl) logs.push({ level: 'warn', message: `${out.dl} more log lines were dropped (limit 100 per call)`, at: new Date().toISOString() });
  if (!out.ok) return { results: [], patches: [], logs, error: sandboxError(out.error?.code ?? 'plugin_error', out.error?.message ?? 'the plugin failed') };
  const results = out.r ?? [];
  for (const r of results) {
    if (!manifest.outputs.includes(r.port)) return { results: [], patches: [], logs, error: sandboxError('plugin_bad_result', `run() returned port "${r.port}", not in outputs`) };
  }
  const patches = out.p ?? [];
  for (const patch of patches) {
    const violation = patchViolation(patch, manifest);
    if (violation) return { results: [], patches: [], logs, error: violation };
  }
  return { results, patches, logs };
}
