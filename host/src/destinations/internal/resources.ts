/** Destination credentials: sealed with the installation key at rest, merged with what a client sends back masked. */
import type { Cipher } from '../../auth/cipher.ts';
import { MASK } from '../destination.schema.ts';

/** Credentials per resource name. */
export type ResourceMap = Record<string, Record<string, unknown>>;

/** Seals credentials (null when there are none). */
export function sealResources(cipher: Cipher, resources: ResourceMap): string | null {
  return Object.keys(resources).length === 0 ? null : cipher.encrypt(JSON.stringify(resources));
}

/** Opens sealed credentials; throws `secret_undecryptable` when the key changed. */
export function openResources(cipher: Cipher, sealed: string | null): ResourceMap {
  return sealed === null ? {} : (JSON.parse(cipher.decrypt(sealed)) as ResourceMap);
}

/** The names of each resource's fields, kept in clear to show them masked. */
export function resourceKeys(resources: ResourceMap): Record<string, string[]> {
  return Object.fromEntries(Object.entries(resources).map(([name, r]) => [name, Object.keys(r).sort()]));
}

/**
 * What an update stores: absent keeps the current credentials, null removes them, an object replaces them — except
 * that a field sent back as the mask keeps its stored value (a client can round-trip what `GET` showed it).
 * Returns the fields that were masked but have no stored value, so the caller can refuse them.
 */
export function mergeResources(current: ResourceMap, sent: ResourceMap | null | undefined): { value: ResourceMap; unknownMasked: string[] } {
  if (sent === undefined) return { value: current, unknownMasked: [] };
  if (sent === null) return { value: {}, unknownMasked: [] };
  const value: ResourceMap = {};
  const unknownMasked: string[] = [];
  for (const [name, fields] of Object.entries(sent)) {
    value[name] = {};
    for (const [key, v] of Object.entries(fields)) {
      if (v !== MASK) value[name][key] = v;
      else if (current[name] && Object.hasOwn(current[name], key)) value[name][key] = current[name][key];
      else unknownMasked.push(`resources.${name}.${key}`);
    }
  }
  return { value, unknownMasked };
}
