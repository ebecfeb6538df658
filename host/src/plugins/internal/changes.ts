/** A tiny synchronous event hub for catalog changes (no module-level state: one per plugin service). */
import type { CatalogChange } from '../catalog.types.ts';

/** Listeners of catalog changes. */
export interface ChangeHub {
  emit(change: CatalogChange): void;
  subscribe(listener: (change: CatalogChange) => void): () => void;
}

/** Creates an empty hub; a throwing listener never stops the others. */
export function createChangeHub(onListenerError: (err: unknown) => void = () => {}): ChangeHub {
  const listeners = new Set<(change: CatalogChange) => void>();
  return {
    emit(change) {
      for (const l of listeners) {
        try { l(change); } catch (err) { onListenerError(err); }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
  };
}
