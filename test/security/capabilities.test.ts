// Attacks using host capabilities the manifest does not grant, or reaching data that belongs to someone else.
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryKvStore, createSandbox } from '@tessera/host/sandbox/index.ts';
import { attack, callOf, expectContained } from './_harness.ts';

const kv = createMemoryKvStore();
const sent: unknown[] = [];
const sandbox = createSandbox({ env: {}, kv });
const withMail = createSandbox({ env: {}, kv, mail: async (message) => { sent.push(message); } });
afterAll(async () => { await sandbox.close(); await withMail.close(); });

describe('security: undeclared capabilities', () => {
  it('kv-undeclared: ctx.kv without permissions.kv', async () => {
    const r = await sandbox.run(callOf(await attack('kv-undeclared')));
    await expectContained(sandbox, r, 'permission_denied', /ctx\.kv is not available: permissions\.kv is "none"/);
    expect(kv.dump()).toEqual({});
  });

  it('mail-undeclared: ctx.mail without permissions.mail, even where a transport exists', async () => {
    const r = await withMail.run(callOf(await attack('mail-undeclared')));
    await expectContained(withMail, r, 'permission_denied', /ctx\.mail is not available: permissions\.mail is false/);
    expect(sent).toEqual([]);
  });

  it('mail declared but no transport configured: a clear error, nothing sent', async () => {
    const r = await sandbox.run(callOf(await attack('mail-undeclared', { permissions: { mail: true } }, 'attack-mail-no-transport')));
    await expectContained(sandbox, r, 'mail_not_configured', /no mail transport configured/);
  });

  it('profile-undeclared: reading ctx.profile with permissions.profile "none"', async () => {
    const r = await sandbox.run(callOf(await attack('profile-undeclared')));
    await expectContained(sandbox, r, 'permission_denied', /ctx\.profile is not available: permissions\.profile is "none"/);
  });

  it('pii-read-write: PII is invisible and unwritable without permissions.pii', async () => {
    const r = await sandbox.run(callOf(await attack('pii-read-write', { permissions: { profile: 'write' } })));
    await expectContained(sandbox, r, 'permission_denied', /writing "pii\.email" needs permissions\.pii: true/);
    const seen = await sandbox.run(callOf(await attack('profile-undeclared', { permissions: { profile: 'read' } }, 'attack-profile-read')));
    expect(JSON.stringify(seen.results)).not.toContain('victim@example.com');
  });

  it('resource-undeclared: credentials not in permissions.resources never reach the plugin', async () => {
    const r = await sandbox.run(callOf(await attack('resource-undeclared', { permissions: { resources: ['crm'] } }), { resources: { crm: { token: 'c' }, billingApiKey: 'sk_live_secret' } }));
    await expectContained(sandbox, r, 'permission_denied', /resource "billingApiKey" is not declared in permissions\.resources/);
  });

  it('consent-undeclared: consent for purposes the plugin does not serve cannot be probed', async () => {
    const r = await sandbox.run(callOf(await attack('consent-undeclared', { permissions: { consent: ['marketing'] } })));
    await expectContained(sandbox, r, 'permission_denied', /consent purpose "health-data" is not declared in permissions\.consent/);
  });

  it('kv-read-other: another plugin\'s kv is unreachable whatever key is tried', async () => {
    const victim = await sandbox.run(callOf(await attack('kv-victim', { permissions: { kv: 'plugin' } })));
    expect(victim.error).toBeUndefined();
    const r = await sandbox.run(callOf(await attack('kv-read-other', { permissions: { kv: 'plugin' } })));
    await expectContained(sandbox, r, 'kv_probe_empty', /nothing found in other namespaces/);
    expect(kv.dump()['attack-kv-victim']).toEqual({ token: 'victim-secret-token' });
  });

  it('kv per profile: one profile\'s data is invisible when running for another profile', async () => {
    const writer = await attack('kv-victim', { permissions: { kv: 'profile' } }, 'attack-kv-profile');
    expect((await sandbox.run(callOf(writer, { profile: { id: 'alice' } }))).error).toBeUndefined();
    const reader = await attack('kv-read-other', { permissions: { kv: 'profile' } }, 'attack-kv-profile');
    const r = await sandbox.run(callOf(reader, { profile: { id: 'mallory' } }));
    await expectContained(sandbox, r, 'kv_probe_empty', /nothing found/);
    expect(kv.dump()['attack-kv-profile|profile:alice']).toEqual({ token: 'victim-secret-token' });
  });
});
