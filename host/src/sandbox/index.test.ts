import { afterEach, describe, expect, it } from 'vitest';
import { inlinePlugin } from '@tessera/plugin-sdk/testing';
import { createSandbox, parseAllowPrivate } from './index.ts';
import type { Sandbox } from './index.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => { await sandbox?.close(); sandbox = undefined; });

const loop = inlinePlugin(function run() { for (;;) { /* spin */ } }, { limits: { timeoutMs: 60000 } }, 'loop');

describe('createSandbox', () => {
  it('takes the timeout cap from SANDBOX_MAX_TIMEOUT_MS', async () => {
    sandbox = createSandbox({ env: { SANDBOX_MAX_TIMEOUT_MS: '80' } });
    const r = await sandbox.run({ plugin: loop, config: {}, input: { port: 'payload', payload: null } });
    expect(r.error).toMatchObject({ code: 'plugin_timeout', message: 'the plugin ran longer than its timeout of 80 ms' });
    expect(sandbox.stats()).toMatchObject({ rebuilt: 1, calls: 1 });
  });

  it('sends plugin log lines and failures to the host logger with the trace', async () => {
    const lines: Array<[string, Record<string, unknown>, string | undefined]> = [];
    const logger = {
      info: (o: object, m?: string) => lines.push(['info', o as Record<string, unknown>, m]),
      warn: (o: object, m?: string) => lines.push(['warn', o as Record<string, unknown>, m]),
      error: (o: object, m?: string) => lines.push(['error', o as Record<string, unknown>, m]),
    };
    sandbox = createSandbox({ env: {}, logger });
    const p = inlinePlugin(function run(_i: unknown, ctx: any) { ctx.log.error('upstream said no'); throw new Error('boom'); }, {}, 'noisy');
    const r = await sandbox.run({ plugin: p, config: {}, input: { port: 'payload', payload: null }, trace: { flowId: 'f1', nodeId: 'n1' } });
    expect(r.error).toMatchObject({ code: 'plugin_error', message: 'Error: boom', kind: 'user' });
    expect(r.logs).toMatchObject([{ level: 'error', message: 'upstream said no' }]);
    expect(lines).toEqual([
      ['error', expect.objectContaining({ plugin: 'noisy@1.0.0', flowId: 'f1', nodeId: 'n1' }), 'upstream said no'],
      ['warn', expect.objectContaining({ plugin: 'noisy@1.0.0', code: 'plugin_error' }), 'plugin call failed: Error: boom'],
    ]);
  });

  it('parses SANDBOX_ALLOW_PRIVATE_HOSTS', () => {
    expect(parseAllowPrivate(' 127.0.0.1, 10.0.0.0/8 ,,')).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(parseAllowPrivate(undefined)).toEqual([]);
    expect(() => createSandbox({ env: { SANDBOX_ALLOW_PRIVATE_HOSTS: 'intranet.local' } })).toThrow('not an IP address or CIDR');
  });
});
