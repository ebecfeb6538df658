import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { errorMessage } from '../api/index.ts';

/** The state of something loaded from the API: what every screen needs to draw its loading, error and empty states. */
export interface Resource<T> {
  data: ShallowRef<T | undefined>;
  loading: Ref<boolean>;
  error: Ref<string | null>;
  reload: () => Promise<void>;
}

/**
 * Loads `loader()` now (unless `immediate` is false) and on every `reload()`. A reload that overtakes an earlier one
 * wins, so a slow answer to an old filter never overwrites a newer one.
 */
export function useResource<T>(loader: () => Promise<T>, options: { immediate?: boolean } = {}): Resource<T> {
  const data = shallowRef<T | undefined>(undefined);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;

  async function reload(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const value = await loader();
      if (mine === generation) data.value = value;
    } catch (err) {
      if (mine === generation) error.value = errorMessage(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  if (options.immediate !== false) void reload();
  return { data, loading, error, reload };
}
