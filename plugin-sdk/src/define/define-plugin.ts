import type { PluginContext, PluginInput, PluginReturn } from './context.types.ts';

/** The plugin kinds, as in the manifest's `kind`. */
export const PLUGIN_KINDS = ['action', 'bridge', 'destination'] as const;

/** One plugin kind. */
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** A plugin's `run`: sync or async; returns results or nothing to end the branch. */
export type RunFunction<C> = (input: PluginInput, ctx: PluginContext<C>) => PluginReturn | Promise<PluginReturn>;

/** What a plugin author passes to `definePlugin`. */
export interface PluginSpec<C = Record<string, unknown>> {
  run: RunFunction<C>;
}

/** What the bundle's default export must be; the runtime checks the tag and the kind against the manifest. */
export interface PluginDefinition<C = Record<string, unknown>> extends PluginSpec<C> {
  readonly tessera: 'plugin';
  readonly kind: PluginKind;
}

function define<C>(kind: PluginKind, spec: PluginSpec<C>): PluginDefinition<C> {
  if (typeof spec !== 'object' || spec === null || typeof spec.run !== 'function') {
    throw new TypeError(`define${kind[0].toUpperCase()}${kind.slice(1)}: expected an object with a run(input, ctx) function`);
  }
  return { tessera: 'plugin', kind, run: spec.run };
}

/** Declares an action plugin: `export default definePlugin({ run(input, ctx) { ... } })`. */
export function definePlugin<C = Record<string, unknown>>(spec: PluginSpec<C>): PluginDefinition<C> {
  return define('action', spec);
}

/** Declares a bridge plugin (brings outside data in as events or payloads). */
export function defineBridge<C = Record<string, unknown>>(spec: PluginSpec<C>): PluginDefinition<C> {
  return define('bridge', spec);
}

/** Declares a destination plugin (sends profile or event data out to another system). */
export function defineDestination<C = Record<string, unknown>>(spec: PluginSpec<C>): PluginDefinition<C> {
  return define('destination', spec);
}
