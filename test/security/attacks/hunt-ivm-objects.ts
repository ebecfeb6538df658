// Walks everything reachable from globalThis and ctx (properties, getters, prototypes, function results of the
// callbacks' constructors) looking for an isolated-vm Reference, ExternalCopy, Callback or Isolate to springboard from.
import { definePlugin } from '@tessera/plugin-sdk';

const IVM_NAMES = ['Reference', 'ExternalCopy', 'Callback', 'Isolate', 'Context', 'Script', 'Module', 'NativeModule'];

export default definePlugin({
  run(_input, ctx) {
    const seen = new Set<unknown>();
    const queue: unknown[] = [globalThis, ctx];
    const found: string[] = [];
    while (queue.length) {
      const o = queue.shift();
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
      seen.add(o);
      try {
        const name = (o as { constructor?: { name?: string } }).constructor?.name;
        if (typeof name === 'string' && IVM_NAMES.includes(name) && o !== globalThis) found.push(name);
      } catch { /* a throwing getter is not an escape */ }
      queue.push(Object.getPrototypeOf(o));
      for (const key of Reflect.ownKeys(o)) {
        const d = Object.getOwnPropertyDescriptor(o, key);
        if (!d) continue;
        if ('value' in d) queue.push(d.value);
        else {
          queue.push(d.get, d.set);
          try { queue.push((o as Record<PropertyKey, unknown>)[key]); } catch { /* permission errors are fine */ }
        }
      }
    }
    if (found.length === 0) throw new Error(`no isolated-vm objects reachable (${seen.size} objects searched)`);
    return { port: 'payload', payload: found };
  },
});
