// Attacks through ctx.fetch: unlisted hosts, loopback/private/metadata addresses (literal, disguised, or behind DNS
// and redirects), other schemes, and oversized or slow answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { createSandbox } from '@tessera/host/sandbox/index.ts';
import { attack, callOf, expectContained, startTarget } from './_harness.ts';

let target: Awaited<ReturnType<typeof startTarget>>;
beforeAll(async () => { target = await startTarget(); });

// A resolver that maps rebind.test to loopback, like an attacker-controlled DNS name would.
// Every other name goes to the system resolver.
const lookup: LookupFunction = (hostname, options, callback) => {
  if (hostname !== 'rebind.test') return dns.lookup(hostname, options, callback as never);
  const answer = [{ address: '127.0.0.1', family: 4 }];
  if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: typeof answer) => void)(null, answer);
  else callback(null, answer[0].address, answer[0].family);
};
const strict = createSandbox({ env: {}, fetch: { lookup } });
// The administrator explicitly allows 127.0.0.1 here, so the first hop to the local target is legitimate.
const allowLocal = createSandbox({ env: { SANDBOX_ALLOW_PRIVATE_HOSTS: '127.0.0.1' }, fetch: { timeoutMs: 500, maxResponseBytes: 1024 * 1024 } });
afterAll(async () => { await strict.close(); await allowLocal.close(); await target.close(); });

const fetcher = (network: string[], name?: string) => attack('fetch-config-url', {
  permissions: { network }, limits: { timeoutMs: 2000 }, config: { type: 'object', properties: { url: { type: 'string' } } },
}, name);

describe('security: network (SSRF)', () => {
  it('fetch-unlisted-host: a host not in permissions.network is refused before any connection', async () => {
    const r = await strict.run(callOf(await attack('fetch-unlisted-host', { permissions: { network: ['api.partner.example'], profile: 'read' }, limits: { timeoutMs: 2000 } })));
    await expectContained(strict, r, 'host_not_allowed', /host "collector\.evil\.example" is not in permissions\.network \(api\.partner\.example\)/);
  });

  it('fetch 127.0.0.1: refused by default even when listed, reached only when the administrator allows it', async () => {
    const hitsBefore = target.hits.length;
    const r = await strict.run(callOf(await fetcher(['127.0.0.1']), { config: { url: `${target.url}/ok` } }));
    await expectContained(strict, r, 'ssrf_blocked', /resolves to 127\.0\.0\.1, a private\/loopback\/link-local address/);
    expect(target.hits.length).toBe(hitsBefore);
    const allowed = await allowLocal.run(callOf(await fetcher(['127.0.0.1']), { config: { url: `${target.url}/ok` } }));
    expect(allowed.error).toBeUndefined();
    expect(allowed.results[0].payload).toEqual({ status: 200, body: 'internal data' });
  });

  it('fetch-ipv6-loopback: [::1] is refused', async () => {
    const r = await strict.run(callOf(await attack('fetch-ipv6-loopback', { permissions: { network: ['[::1]'] } })));
    await expectContained(strict, r, 'ssrf_blocked', /resolves to ::1/);
  });

  it('fetch-metadata: 169.254.169.254 is refused', async () => {
    const r = await strict.run(callOf(await attack('fetch-metadata', { permissions: { network: ['169.254.169.254'] }, limits: { timeoutMs: 2000 } })));
    await expectContained(strict, r, 'ssrf_blocked', /169\.254\.169\.254/);
  });

  it('fetch-private-network: 10.0.0.1 is refused', async () => {
    const r = await strict.run(callOf(await attack('fetch-private-network', { permissions: { network: ['10.0.0.1'] }, limits: { timeoutMs: 2000 } })));
    await expectContained(strict, r, 'ssrf_blocked', /10\.0\.0\.1/);
  });

  it('fetch-mapped-ipv6: ::ffff:127.0.0.1 is recognised as loopback', async () => {
    const r = await strict.run(callOf(await attack('fetch-mapped-ipv6', { permissions: { network: ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]'] }, limits: { timeoutMs: 2000 } })));
    await expectContained(strict, r, 'ssrf_blocked', /::ffff:7f00:1|::ffff:127\.0\.0\.1/);
  });

  it('fetch-octal-loopback: 0177.0.0.1 is normalised to 127.0.0.1 and refused', async () => {
    const r = await strict.run(callOf(await attack('fetch-octal-loopback', { permissions: { network: ['127.0.0.1'] }, limits: { timeoutMs: 2000 } })));
    await expectContained(strict, r, 'ssrf_blocked', /127\.0\.0\.1/);
  });

  it('a name resolving to loopback (localhost) is refused after DNS resolution', async () => {
    const r = await strict.run(callOf(await fetcher(['localhost'], 'attack-fetch-localhost'), { config: { url: `http://localhost:${target.port}/ok` } }));
    await expectContained(strict, r, 'ssrf_blocked', /"localhost" resolves to (127\.0\.0\.1|::1)/);
  });

  it('an attacker-controlled name whose DNS answer is 127.0.0.1 is refused', async () => {
    const r = await strict.run(callOf(await fetcher(['rebind.test'], 'attack-fetch-rebind'), { config: { url: `http://rebind.test:${target.port}/ok` } }));
    await expectContained(strict, r, 'ssrf_blocked', /"rebind\.test" resolves to 127\.0\.0\.1/);
  });

  it('a redirect to the metadata address is refused at the redirect', async () => {
    const to = encodeURIComponent('http://169.254.169.254/latest/meta-data/');
    const r = await allowLocal.run(callOf(await fetcher(['127.0.0.1', '169.254.169.254'], 'attack-redirect-metadata'), { config: { url: `${target.url}/redirect?to=${to}` } }));
    await expectContained(allowLocal, r, 'ssrf_blocked', /169\.254\.169\.254/);
  });

  it('a redirect to a host not on the list is refused', async () => {
    const to = encodeURIComponent(`http://localhost:${target.port}/ok`);
    const r = await allowLocal.run(callOf(await fetcher(['127.0.0.1'], 'attack-redirect-unlisted'), { config: { url: `${target.url}/redirect?to=${to}` } }));
    await expectContained(allowLocal, r, 'host_not_allowed', /host "localhost" is not in permissions\.network/);
  });

  it('endless redirects stop at the redirect cap', async () => {
    const r = await allowLocal.run(callOf(await fetcher(['127.0.0.1'], 'attack-redirect-loop'), { config: { url: `${target.url}/loop` } }));
    await expectContained(allowLocal, r, 'fetch_too_many_redirects', /more than 5 redirects/);
  });

  it('fetch-file-scheme: file:// is refused', async () => {
    const r = await strict.run(callOf(await attack('fetch-file-scheme', { permissions: { network: ['localhost'] }, limits: { timeoutMs: 2000 } })));
    await expectContained(strict, r, 'invalid_url', /only http and https URLs are allowed, not file:/);
  });

  it('an oversized response is cut at the size cap', async () => {
    const r = await allowLocal.run(callOf(await fetcher(['127.0.0.1'], 'attack-big-response'), { config: { url: `${target.url}/big` } }));
    await expectContained(allowLocal, r, 'fetch_response_too_large', /larger than 1048576 bytes/);
  });

  it('a slow server is cut at the fetch timeout', async () => {
    const r = await allowLocal.run(callOf(await fetcher(['127.0.0.1'], 'attack-slow'), { config: { url: `${target.url}/slow` } }));
    await expectContained(allowLocal, r, 'fetch_timeout', /no complete response from 127\.0\.0\.1:\d+ within 500 ms/);
    expect(r.error?.kind).toBe('operational');
  });

  it('without permissions.network, ctx.fetch is not available at all', async () => {
    const r = await strict.run(callOf(await fetcher([], 'attack-fetch-undeclared'), { config: { url: 'https://example.com/' } }));
    await expectContained(strict, r, 'permission_denied', /ctx\.fetch is not available: permissions\.network is empty/);
  });
});
