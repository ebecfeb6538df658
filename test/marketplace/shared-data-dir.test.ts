/**
 * Staging and production hosts on one data folder share one embedded registry: the first runs it, the second attaches
 * (no second Verdaccio on the same storage, no port fight), and both end up with the first-party plugins installed in
 * their own data sets.
 */
import { afterAll, expect, it } from 'vitest';
import { startHost, waitForSeeding, type HostHandle, type MarketplaceStatus } from '../helpers/index.ts';

const hosts: HostHandle[] = [];
afterAll(async () => {
  for (const h of hosts.reverse()) await h.dispose();
});

const seed = (h: HostHandle): Promise<MarketplaceStatus> => waitForSeeding(h.api);

it('runs one registry per data folder and seeds both data sets', async () => {
  const staging = await startHost();
  hosts.push(staging);
  const production = await startHost({ dataDir: staging.dataDir, env: { PRODUCTION: 'yes' } });
  hosts.push(production);
  const [a, b] = await Promise.all([seed(staging), seed(production)]);
  expect(a.seed.state).toBe('done');
  expect(b.seed.state).toBe('done');
  // With REGISTRY_PORT=0 a second Verdaccio would have another port: the same URL means production attached.
  expect(b.registry.url).toBe(a.registry.url);
  for (const h of [staging, production]) {
    const names = (await h.api.get('/api/plugins')).body.items.map((p: { name: string }) => p.name);
    expect(names).toContain('@tessera/plugin-log');
  }
});
