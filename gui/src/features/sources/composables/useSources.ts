import { api, type Page, type Source, type SourceUpdate } from '../../../api/index.ts';

/** Source API calls used by the sources screens. */
export function useSources() {
  const one = (id: string) => `/api/sources/${encodeURIComponent(id)}`;
  return {
    list: () => api<Page<Source>>('/api/sources', { query: { limit: 500 } }),
    get: (id: string) => api<Source>(one(id)),
    create: (body: SourceUpdate) => api<Source>('/api/sources', { method: 'POST', body }),
    update: (id: string, body: SourceUpdate) => api<Source>(one(id), { method: 'PUT', body }),
    remove: (id: string) => api<void>(one(id), { method: 'DELETE' }),
    snippet: (id: string) => api<{ snippet: string }>(`${one(id)}/snippet`),
  };
}
