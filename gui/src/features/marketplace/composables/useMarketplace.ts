import { api, type InstalledPlugin, type MarketplacePlugin, type Page } from '../../../api/index.ts';

const asItems = <T>(r: Page<T> | T[]): T[] => (Array.isArray(r) ? r : r.items);

/** Marketplace and installed-plugin API calls. */
export function useMarketplace() {
  return {
    browse: (q: string, category: string) => api<Page<MarketplacePlugin> | MarketplacePlugin[]>('/api/marketplace', { query: { q, category } }).then(asItems),
    get: (name: string) => api<MarketplacePlugin>(`/api/marketplace/${encodeURIComponent(name)}`),
    installed: () => api<Page<InstalledPlugin> | InstalledPlugin[]>('/api/plugins').then(asItems),
    install: (name: string, version: string, allowUntrusted = false) =>
      api<InstalledPlugin>('/api/plugins/install', { method: 'POST', body: allowUntrusted ? { name, version, allowUntrusted } : { name, version } }),
    uninstall: (name: string, version: string, force = false) =>
      api<void>(`/api/plugins/${encodeURIComponent(name)}/${encodeURIComponent(version)}`, { method: 'DELETE', query: force ? { force: true } : {} }),
    setEnabled: (name: string, version: string, enabled: boolean) =>
      api<void>(`/api/plugins/${encodeURIComponent(name)}/${encodeURIComponent(version)}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' }),
  };
}
