/** Waiting for the first-party plugins that a host seeds and installs in the background at start. */

/** Polls `GET /api/plugins` until every plugin in `names` is installed; needs an admin session on `api` (TEST_ADMIN). */
export async function waitForPlugins(api: { get(path: string): Promise<{ status: number; body: any }> }, names: readonly string[], timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await api.get('/api/plugins?limit=1000');
    const items: Array<{ name: string; enabled?: boolean }> = Array.isArray(res.body?.items) ? res.body.items : [];
    const have = new Set(items.map((p) => p.name));
    if (names.every((n) => have.has(n))) return;
    last = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`plugins ${names.join(', ')} were not installed in time; last answer: ${last}`);
}

/** `GET /api/marketplace/status` as the suites read it. */
export interface MarketplaceStatus {
  registry: { url: string; embedded?: boolean };
  seed: { state: string; installed: Array<{ name: string; ok: boolean; error?: string }>; published: Array<{ name: string; status: string; error?: string }> };
}

/**
 * Polls `GET /api/marketplace/status` until the host's start-up seeding of its registry is over (`seed.state` is no
 * longer `running`) and returns that status; the caller checks whether it ended `done`.
 */
export async function waitForSeeding(api: { get(path: string): Promise<{ status: number; body: any }> }, timeoutMs = 90_000): Promise<MarketplaceStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.get('/api/marketplace/status');
    if (res.status === 200 && res.body?.seed?.state !== 'running') return res.body as MarketplaceStatus;
    if (Date.now() > deadline) throw new Error(`seeding did not finish: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
