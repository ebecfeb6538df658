import type { PatchTarget } from '../patches/patch.types.ts';

/** A JSON value, the only kind of data that crosses the sandbox boundary. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What arrived on one of the node's input ports. */
export interface PluginInput<P = unknown> {
  port: string;
  payload: P;
}

/** One output of a run: a payload sent out of the named port. */
export interface PluginResult<P = unknown> {
  port: string;
  payload: P;
}

/** What `run` may return: one result, several, or nothing to end the branch. */
export type PluginReturn = PluginResult | PluginResult[] | undefined | null | void;

/** Options of `ctx.fetch` (a subset of the Fetch API; bodies are text). */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  /** Request body as text; use `json` to send JSON. */
  body?: string;
  /** Serialised as JSON and sent with `content-type: application/json`. */
  json?: unknown;
  /** Lower than the host's fetch timeout to fail faster. */
  timeoutMs?: number;
}

/** The response `ctx.fetch` resolves to; the body has already been read (size-capped by the host). */
export interface FetchResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: Record<string, string>;
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
}

/** `ctx.log`: lines end up in the node's trace and the host log. */
export interface PluginLogger {
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

/** `ctx.kv`: the plugin's own key-value store (per plugin, or per profile, as the manifest declares). */
export interface PluginKv {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/** `ctx.consent`: whether the profile granted the purposes the plugin declared it serves. */
export interface PluginConsent {
  /** Purposes declared in `permissions.consent`. */
  readonly purposes: readonly string[];
  /** True when the current profile granted `purpose`; undeclared purposes throw. */
  granted(purpose: string): boolean;
}

/** A mail message sent through the host's mail transport. */
export interface MailMessage {
  to: string | string[];
  subject: string;
  text?: string;
  html?: string;
  from?: string;
}

/** `ctx.mail`: sends mail through the transport the administrator configured. */
export interface PluginMail {
  send(message: MailMessage): Promise<void>;
}

/** Change requests for one document; each call records a patch returned to the engine. */
export interface PatchBuilder {
  set(path: string, value: unknown): void;
  unset(path: string): void;
  /** Adds `value` to the array at `path` unless an equal value is already there. */
  append(path: string, value: unknown): void;
  /** Removes every element equal to `value` from the array at `path`. */
  remove(path: string, value: unknown): void;
  increment(path: string, by?: number): void;
}

/** Everything a plugin's `run` receives besides its input. */
export interface PluginContext<C = Record<string, unknown>> {
  /** The node's configuration, validated and with schema defaults applied. */
  readonly config: C;
  /** Read view of the current event (needs `permissions.event` ≠ `none`). */
  readonly event: Record<string, any>;
  /** Read view of the current profile (needs `permissions.profile` ≠ `none`; `pii` only with `permissions.pii`). */
  readonly profile: Record<string, any>;
  /** Read view of the current session (needs `permissions.session` ≠ `none`). */
  readonly session: Record<string, any>;
  /** Credentials the administrator configured for this node, limited to `permissions.resources`. */
  readonly resources: Readonly<Record<string, any>>;
  readonly log: PluginLogger;
  readonly kv: PluginKv;
  readonly consent: PluginConsent;
  readonly mail: PluginMail;
  /** Patch builders; writing needs the matching permission set to `write`. */
  readonly update: Readonly<Record<PatchTarget, PatchBuilder>>;
  /** HTTP(S) to hosts in `permissions.network`; private addresses are refused by the host. */
  fetch(url: string, init?: FetchInit): Promise<FetchResponse>;
  /** Where this call runs, for log lines. */
  readonly trace: { readonly flowId?: string; readonly nodeId?: string; readonly plugin: string };
}
