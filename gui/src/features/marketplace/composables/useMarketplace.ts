import { api, type InstalledPlugin, type MarketplacePlugin } from '../../../api/index.ts';
import { packagePath } from '../lib/package-path.ts';

/** Marketplace and installed-plugin API calls. */
export function useMarketplace() {
  return {
    browse: (q: string, category: string) =>
      api<{ items: MarketplacePlugin[]; categories?: string[] }>('/api/marketplace', { query: { q, category } }),
    get: (name: string) => api<MarketplacePlugin>(`/api/marketplace/${packagePath(name)}`),
    installed: () => api<{ items: InstalledPlugin[] }>('/api/plugins').then((r) => r.items),
    /** Installs an exact version; `overrideReason` is the administrator's recorded reason to accept an untrusted package. */
    install: (name: string, version: string, overrideReason?: string) =>
      api<InstalledPlugin>('/api/plugins/install', { method: 'POST', body: overrideReason ? { name, version, allowUntrusted: { reason: overrideReason } } : { name, version } }),
    uninstall: (name: string, version: string, force = false) =>
      api<unknown>(`/api/plugins/${packagePath(name)}/${encodeURIComponent(version)}`, { method: 'DELETE', query: force ? { force: true } : {} }),
    setEnabled: (name: string, version: string, enabled: boolean) =>
      api<unknown>(`/api/plugins/${enabled ? 'enable' : 'disable'}`, { method: 'POST', body: { name, version } }),
  };
}
