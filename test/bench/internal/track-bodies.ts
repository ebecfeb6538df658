/** The /track bodies of bench:track and bench:ab. */

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

/** Bodies of 1000 returning visitors whose requests store nothing (b0: the pipeline without the durable commit). */
export function unsavedBodies(sourceId: string): string[] {
  return returningBodies(sourceId, 'bench-unsaved', { saveEvents: false, saveSession: false, saveProfile: false });
}
