/** The /track bodies of bench:track and bench:ab, and waiting for a freshly started host to settle (every benchmark). */
import type { startHost } from '../../helpers/index.ts';

/** One page-view event, for a known session when `sessionId` is given (a returning visitor), else a new visitor. */
export function trackBody(sourceId: string, sessionId?: string, options: Record<string, boolean> = {}): string {
  return JSON.stringify({
    source: { id: sourceId },
    ...(sessionId ? { session: { id: sessionId } } : {}),
    context: { browser: { local: { browser: { userAgent: 'bench', language: 'en' } } }, page: { url: 'https://shop.example/p/1' } },
    events: [{ type: 'page-view', properties: { title: 'Product 1', price: 12.5, tags: ['a', 'b'] }, context: { page: { title: 'Product 1' } } }],
    options,
  });
}

/** Bodies of 1000 returning visitors (sessions `<prefix>-0` … `<prefix>-999`), sent in turn. */
export function returningBodies(sourceId: string, prefix = 'bench-session', options: Record<string, boolean> = {}): string[] {
  return Array.from({ length: 1000 }, (_, i) => trackBody(sourceId, `${prefix}-${i}`, options));
}

/** Waits until the host's start-up seeding of the plugin registry is over (it runs in the background after /ready). */
export async function startupSettled(host: Awaited<ReturnType<typeof startHost>>): Promise<void> {
  const deadline = Date.now() + 180_000;
  while ((await host.api.get('/api/marketplace/status')).body?.seed?.state === 'running') {
    if (Date.now() > deadline) throw new Error('the host is still seeding its plugin registry after 3 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
}
