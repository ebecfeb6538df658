import { HostOpError } from '../errors.ts';
import { safeFetch } from '../fetch/safe-fetch.ts';
import type { FetchPolicy } from '../fetch/safe-fetch.ts';
import type { Manifest } from '../../manifest/manifest.types.ts';
import type { KvStore, MailTransport } from '../types.ts';

/** Host capabilities a plugin reaches through `ctx`; a closed list, each checked against the manifest here. */
export const HOST_OPS = ['fetch', 'kv.get', 'kv.set', 'kv.delete', 'mail.send'] as const;

/** One host capability name. */
export type HostOp = (typeof HOST_OPS)[number];

/** What the bridge knows about the call that asked. */
export interface BridgeCall {
  pluginName: string;
  manifest: Manifest;
  profileId: string | undefined;
  /** Aborted when the call ends; set when the first host operation starts. */
  signal: AbortSignal | undefined;
  fetchPolicy: FetchPolicy;
  kv: KvStore;
  mail: MailTransport | undefined;
}

const MAX_KV_KEY = 256;
const MAX_KV_VALUE = 64 * 1024;

function denied(message: string): never {
  throw new HostOpError('permission_denied', message);
}

/** Namespace of the plugin's kv: chosen here from the manifest and the call, never by the plugin. */
export function kvNamespace(call: Pick<BridgeCall, 'pluginName' | 'manifest' | 'profileId'>): string {
  if (call.manifest.permissions.kv === 'none') denied('ctx.kv is not available: permissions.kv is "none"');
  if (call.manifest.permissions.kv === 'plugin') return call.pluginName;
  if (!call.profileId) throw new HostOpError('kv_no_profile', 'ctx.kv is per profile (permissions.kv: "profile") but this call has no profile');
  return `${call.pluginName}|profile:${call.profileId}`;
}

function kvKey(args: Record<string, unknown>): string {
  const key = args.key;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KV_KEY) {
    throw new HostOpError('invalid_argument', `ctx.kv: the key must be a string of 1 to ${MAX_KV_KEY} characters`);
  }
  return key;
}

async function kvCall<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new HostOpError('kv_failed', `ctx.kv: the store failed: ${(err as Error).message}`);
  }
}

function mailRecipients(to: unknown): string[] {
  const list = Array.isArray(to) ? to : [to];
  if (list.length === 0 || list.length > 50 || !list.every((t) => typeof t === 'string' && /^[^\s@]+@[^\s@]+$/.test(t))) {
    throw new HostOpError('invalid_argument', 'ctx.mail.send: "to" must be one to 50 e-mail addresses');
  }
  return list as string[];
}

/** Runs one host operation for a plugin after checking its manifest; the result is JSON-copied into the isolate. */
export async function runHostOp(op: string, args: Record<string, unknown>, call: BridgeCall): Promise<unknown> {
  const perms = call.manifest.permissions;
  switch (op) {
    case 'fetch': {
      if (perms.network.length === 0) denied('ctx.fetch is not available: permissions.network is empty');
      return safeFetch(String(args.url), (args.init ?? {}) as Record<string, unknown>, call.fetchPolicy, call.signal ?? new AbortController().signal);
    }
    case 'kv.get': {
      const ns = kvNamespace(call);
      const key = kvKey(args);
      return { value: await kvCall(() => call.kv.get(ns, key)) };
    }
    case 'kv.set': {
      const ns = kvNamespace(call);
      const key = kvKey(args);
      const size = JSON.stringify(args.value ?? null).length;
      if (size > MAX_KV_VALUE) throw new HostOpError('kv_value_too_large', `ctx.kv.set: the value is ${size} bytes, more than ${MAX_KV_VALUE}`);
      await kvCall(() => call.kv.set(ns, key, args.value ?? null));
      return {};
    }
    case 'kv.delete': {
      const ns = kvNamespace(call);
      const key = kvKey(args);
      await kvCall(() => call.kv.delete(ns, key));
      return {};
    }
    case 'mail.send': {
      if (!perms.mail) denied('ctx.mail is not available: permissions.mail is false');
      if (!call.mail) throw new HostOpError('mail_not_configured', 'ctx.mail.send: this Tessera instance has no mail transport configured');
      if (typeof args.subject !== 'string' || args.subject.length === 0) throw new HostOpError('invalid_argument', 'ctx.mail.send: "subject" is required');
      const message = {
        to: mailRecipients(args.to),
        subject: args.subject,
        ...(typeof args.text === 'string' ? { text: args.text } : {}),
        ...(typeof args.html === 'string' ? { html: args.html } : {}),
        ...(typeof args.from === 'string' ? { from: args.from } : {}),
      };
      try {
        await call.mail(message, { plugin: call.pluginName });
      } catch (err) {
        throw new HostOpError('mail_failed', `ctx.mail.send: ${(err as Error).message}`);
      }
      return {};
    }
    default:
      throw new HostOpError('invalid_argument', `unknown host operation "${op}"`);
  }
}
