// Attacks that try to leave the isolate: Node globals, constructor chains, tampering with the sandbox's own code.
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '@tessera/host/sandbox/index.ts';
import { attack, callOf, expectContained, expectServing } from './_harness.ts';

const sandbox = createSandbox({ env: {} });
afterAll(() => sandbox.close());

describe('security: escaping the isolate', () => {
  it('reach-process: `process` does not exist inside the sandbox', async () => {
    const r = await sandbox.run(callOf(await attack('reach-process')));
    await expectContained(sandbox, r, 'plugin_error', /ReferenceError: process is not defined/);
  });

  it('reach-require: `require` does not exist, no file is read or written', async () => {
    const r = await sandbox.run(callOf(await attack('reach-require')));
    await expectContained(sandbox, r, 'plugin_error', /ReferenceError: require is not defined/);
  });

  it('node-globals: no Node, timer, fetch, WebAssembly or shared-memory globals', async () => {
    const r = await sandbox.run(callOf(await attack('node-globals')));
    await expectContained(sandbox, r, 'plugin_error', /no host globals reachable/);
  });

  it('dynamic-import: import() of a Node built-in fails', async () => {
    const r = await sandbox.run(callOf(await attack('dynamic-import')));
    await expectContained(sandbox, r, 'plugin_error', /import|module|not supported/i);
  });

  it('callback-constructor-chain: ctx.fetch.constructor.constructor is the isolate\'s Function', async () => {
    const r = await sandbox.run(callOf(await attack('callback-constructor-chain')));
    await expectContained(sandbox, r, 'plugin_error', /process is not defined/);
  });

  it('log-prototype-chain: prototypes of ctx and its callbacks lead to the isolate\'s own global only', async () => {
    const r = await sandbox.run(callOf(await attack('log-prototype-chain')));
    await expectContained(sandbox, r, 'plugin_error', /TypeError: Cannot read properties of undefined \(reading 'versions'\)/);
  });

  it('prototype-pollution: built-in prototypes are frozen', async () => {
    const r = await sandbox.run(callOf(await attack('prototype-pollution')));
    await expectContained(sandbox, r, 'plugin_error', /TypeError: Cannot add property isAdmin, object is not extensible/);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('tamper-json: the sandbox\'s serialiser cannot be replaced to forge results', async () => {
    const r = await sandbox.run(callOf(await attack('tamper-json')));
    await expectContained(sandbox, r, 'plugin_error', /Cannot assign to read only property 'stringify'/);
  });

  it('prepare-stack-trace: Error.prepareStackTrace cannot be installed', async () => {
    const r = await sandbox.run(callOf(await attack('prepare-stack-trace')));
    await expectContained(sandbox, r, 'plugin_error', /prepareStackTrace/);
  });

  it('patch-forgery: the host re-checks patches and refuses writes the manifest does not grant', async () => {
    const r = await sandbox.run(callOf(await attack('patch-forgery', { permissions: { profile: 'read', event: 'read' } })));
    await expectContained(sandbox, r, 'permission_denied', /ctx\.update\.event\.set: permissions\.event must be "write" \(it is "read"\)/);
  });

  it('throw-trap: a hostile thrown value still yields a clear error', async () => {
    const r = await sandbox.run(callOf(await attack('throw-trap')));
    await expectContained(sandbox, r, 'plugin_error', /could not be read|gotcha/);
  });

  it('poisoned-result: throwing getters on the returned value are the plugin\'s error, not the sandbox\'s', async () => {
    const r = await sandbox.run(callOf(await attack('poisoned-result')));
    await expectContained(sandbox, r, 'plugin_error', /Error: poisoned then/);
    expect(r.error?.kind).toBe('user');
  });

  it('hunt-ivm-objects: no isolated-vm object is reachable from globalThis or ctx', async () => {
    const r = await sandbox.run(callOf(await attack('hunt-ivm-objects', { permissions: { profile: 'read', kv: 'plugin', network: ['example.com'], mail: true } })));
    await expectContained(sandbox, r, 'plugin_error', /no isolated-vm objects reachable \((\d{3,}) objects searched\)/);
  });

  it('wrapper break-out: a bundle that closes the wrapper function does not load', async () => {
    const plugin = await attack('good', {}, 'attack-break-out');
    plugin.code = '}); var __keep = []; (function(){ var __tesseraPlugin = { default: { tessera: "plugin", kind: "action", run: function () { __keep.push(1); return { port: "payload", payload: __keep.length }; } } };';
    const r = await sandbox.run(callOf(plugin));
    await expectContained(sandbox, r, 'plugin_load_failed', /the plugin bundle cannot be loaded/);
    await expectServing(sandbox);
  });
});
