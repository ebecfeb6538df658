import type { Destination, DestinationInput, DestinationTrigger, InstalledPlugin, MaskedValue } from '../../../api/index.ts';

/** How the API shows a stored credential; sending it back keeps the stored value. */
export const MASKED: MaskedValue = '********';

/** One credential field in the form; `stored` ones show masked until replaced. */
export interface SecretDraft {
  key: string;
  value: string;
  stored: boolean;
}

/** What the destination form edits. */
export interface DestinationDraft {
  name: string;
  description: string;
  /** `name@version` of the destination plugin. */
  plugin: string;
  config: Record<string, unknown>;
  /** Per resource the plugin declares, its credential fields. */
  resources: Record<string, SecretDraft[]>;
  on: DestinationTrigger;
  eventTypes: string[];
  condition: string;
  enabled: boolean;
  attempts: number;
  backoffMs: number;
}

/** The `name@version` key of a plugin reference. */
export const pluginKey = (p: { name: string; version: string }) => `${p.name}@${p.version}`;

/** Splits `@scope/name@1.2.3` into name and version (the last `@` separates them). */
export function splitPluginKey(key: string): { name: string; version: string } {
  const at = key.lastIndexOf('@');
  return at > 0 ? { name: key.slice(0, at), version: key.slice(at + 1) } : { name: key, version: '' };
}

/** Installed, enabled plugin versions of kind `destination`, as select options. */
export function destinationPlugins(installed: readonly InstalledPlugin[]): { label: string; value: string }[] {
  return installed
    .filter((p) => p.manifest.kind === 'destination' && p.enabled)
    .map((p) => ({ label: `${p.manifest.title ?? p.name} — ${p.name}@${p.version}`, value: pluginKey(p) }));
}

/** The resource names (credential groups) a plugin version may receive. */
export function declaredResources(plugin: InstalledPlugin | undefined): string[] {
  return [...(plugin?.manifest.permissions?.resources ?? [])];
}

/** A blank destination on the given plugin: sends every event, 5 attempts. */
export function blankDestination(plugin = ''): DestinationDraft {
  return { name: '', description: '', plugin, config: {}, resources: {}, on: 'event', eventTypes: [], condition: '', enabled: true, attempts: 5, backoffMs: 2000 };
}

/** The draft of a stored destination: credentials present by name only, shown masked. */
export function destinationDraft(d: Destination): DestinationDraft {
  const resources: Record<string, SecretDraft[]> = {};
  for (const [name, fields] of Object.entries(d.resources)) resources[name] = Object.keys(fields).map((key) => ({ key, value: MASKED, stored: true }));
  return {
    name: d.name, description: d.description, plugin: pluginKey(d.plugin), config: structuredClone(d.config), resources, on: d.on,
    eventTypes: [...d.eventTypes], condition: d.condition ?? '', enabled: d.enabled, attempts: d.delivery.attempts, backoffMs: d.delivery.backoffMs,
  };
}

/**
 * The `resources` to send: each named field with its new value, or the mask to keep a stored one. `undefined` (keep
 * what is stored) when nothing was ever stored and nothing is entered; `null` when every stored credential was removed.
 */
export function resourcesBody(resources: Record<string, SecretDraft[]>, hadStored: boolean): DestinationInput['resources'] {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, fields] of Object.entries(resources)) {
    const kept = fields.filter((f) => f.key.trim() && (f.stored || f.value !== ''));
    if (kept.length) out[name] = Object.fromEntries(kept.map((f) => [f.key.trim(), f.value]));
  }
  if (Object.keys(out).length) return out;
  return hadStored ? null : undefined;
}

/** The body of `POST`/`PUT /api/destinations`. */
export function destinationBody(d: DestinationDraft, hadStored = false): Omit<DestinationInput, 'id'> {
  const body: Omit<DestinationInput, 'id'> = {
    name: d.name.trim(), plugin: splitPluginKey(d.plugin), config: d.config, on: d.on, enabled: d.enabled,
    condition: d.condition.trim() || null, delivery: { attempts: d.attempts, backoffMs: d.backoffMs },
  };
  if (d.description.trim()) body.description = d.description.trim();
  if (d.on === 'event') body.eventTypes = d.eventTypes.map((t) => t.trim()).filter(Boolean);
  const resources = resourcesBody(d.resources, hadStored);
  if (resources !== undefined) body.resources = resources;
  return body;
}

/** Form-level checks before asking the API. */
export function destinationProblems(d: DestinationDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.name.trim()) out.name = 'Give the destination a name';
  if (!d.plugin) out.plugin = 'Choose the destination plugin that sends the data';
  Object.entries(d.resources).forEach(([name, fields]) => fields.forEach((f, i) => {
    if (!f.key.trim() && f.value) out[`resources.${name}.${i}`] = 'Name this credential field (e.g. token)';
  }));
  return out;
}
