/** The plugin catalog over the `plugins` records and the content-addressed store (see {@link PluginCatalog}). */
import { validateManifest } from '@tessera/plugin-sdk/manifest';
import { readPackageJson } from '@tessera/marketplace/tarball';
import { unexpectedError, userError } from '../errors/index.ts';
import type { Store } from '../storage/index.ts';
import type { ContentStore } from './cas.ts';
import type { InstalledPlugin, LoadedPlugin, PluginCatalog } from './catalog.types.ts';
import type { ChangeHub } from './internal/changes.ts';
import type { EnsureLocal } from './internal/fetch-missing.ts';
import { entryPath } from './internal/package-check.ts';

/**
 * Creates the catalog. With `ensureLocal`, a recorded version whose package is missing from this host's store is
 * fetched from the registry first (see internal/fetch-missing.ts); without it, such a load fails as corrupt.
 */
export function createPluginCatalog(deps: { store: Store; cas: ContentStore; changes: ChangeHub; ensureLocal?: EnsureLocal }): PluginCatalog {
  const records = deps.store.config<InstalledPlugin>('plugins');
  return {
    async get(name, version) {
      const id = `${name}@${version}`;
      const record = await records.get(id);
      if (!record) throw userError('plugin_not_installed', `plugin ${id} is not installed`, 404, { plugin: id });
      if (!record.enabled) {
        throw userError('plugin_disabled', `plugin ${id} is disabled${record.disabledReason ? `: ${record.disabledReason}` : ''}`, 409, { plugin: id });
      }
      if (deps.ensureLocal && !deps.cas.has(record.integrity)) await deps.ensureLocal(record);
      const entry = entryPath(record.manifest);
      // Read (and re-verified) from the local store even right after a fetch: one load path for every package.
      const pkg = deps.cas.read(record.integrity, ['package.json', entry]);
      const packageJson = readPackageJson(pkg.files);
      // The host validates the manifest again at load: the store could hold a package installed by an older host.
      const validation = validateManifest(packageJson.tessera);
      if (!validation.ok || packageJson.name !== name || packageJson.version !== version) {
        throw unexpectedError('plugin_store_corrupt', `the stored package of ${id} no longer has a valid manifest`);
      }
      return { name, version, manifest: validation.manifest, code: pkg.files.get(entry)!.toString('utf8'), integrity: record.integrity };
    },
    async has(name, version) {
      return (await records.get(`${name}@${version}`)) !== null;
    },
    list: () => listInstalled(deps.store),
    record: (name, version) => records.get(`${name}@${version}`),
    subscribe: (listener) => deps.changes.subscribe(listener),
  };
}

/** Every install record, sorted by name, then by version (numeric-aware). */
export async function listInstalled(store: Store): Promise<InstalledPlugin[]> {
  const records = store.config<InstalledPlugin>('plugins');
  const out: InstalledPlugin[] = [];
  let cursor: string | null = null;
  do {
    const page = await records.search({ limit: 1000, cursor });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out.sort((a, b) => a.name.localeCompare(b.name) || compareVersions(a.version, b.version));
}

/** Compares two semver strings (pre-releases sort before their release); enough for display and "upgrade available". */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2);
    return { nums: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre.localeCompare(y.pre, undefined, { numeric: true });
}
