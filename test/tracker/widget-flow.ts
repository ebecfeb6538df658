/**
 * Makes a host answer `/track` with a widget, the way a real installation would: a third-party plugin that emits its
 * configured widget on the engine's `ux` port is published (signed) to the host's registry, its key is trusted, it
 * is installed through the API, and a published flow with a routing rule runs it for one event type.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packDirectory } from '@tessera/marketplace/workspace';
import { publishPackage } from '@tessera/plugin-sdk/publish';
import { computeIntegrity, generatePublisherKeyPair, signPackage } from '@tessera/plugin-sdk/signing';
import type { Api } from '../helpers/index.ts';

const PLUGIN = { name: '@demo/plugin-show-widget', version: '1.0.0' };

// The plugin's bundle, as `tessera-plugin build` would emit it: it sends its configured widget out of the `ux` port.
const BUNDLE = `var __tesseraPlugin = { default: { tessera: 'plugin', kind: 'action', run: function (input, ctx) {
  return [{ port: 'ux', payload: ctx.config.widget }, { port: 'payload', payload: input.payload }];
} } };
`;

const MANIFEST = {
  apiVersion: '1', kind: 'action', title: 'Show widget', description: 'Shows a popup, consent bar or call-to-action on the page',
  category: 'User interface', icon: 'widget', entry: 'dist/index.js',
  config: { type: 'object', additionalProperties: false, required: ['widget'], properties: { widget: { type: 'object' } } },
  inputs: ['payload'], outputs: ['payload', 'ux'],
  permissions: { network: [], profile: 'read', session: 'read', event: 'read', pii: false },
};

async function ok<T = any>(what: string, res: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function publishPlugin(api: Api): Promise<void> {
  const status = await ok<{ registry: { url: string } }>('GET /api/marketplace/status', api.get('/api/marketplace/status'));
  const { token } = await ok<{ token: string }>('POST /api/registry/users', api.post('/api/registry/users', { name: 'widget-dev' }));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-widget-plugin-'));
  try {
    const packageJson = { name: PLUGIN.name, version: PLUGIN.version, type: 'module', description: MANIFEST.description, keywords: ['tessera-plugin'], files: ['dist'], tessera: MANIFEST };
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
    writeFileSync(path.join(dir, 'dist', 'index.js'), BUNDLE);
    const { tarball } = await packDirectory(dir);
    const key = generatePublisherKeyPair();
    const signature = signPackage({ ...PLUGIN, integrity: computeIntegrity(tarball) }, key.privateKeyPem);
    await publishPackage({ registry: status.registry.url, token, packageJson, tarball, signature });
    await ok('POST /api/plugins/trust', api.post('/api/plugins/trust', { publisher: 'Demo widgets', publicKeyPem: key.publicKeyPem }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await ok('POST /api/plugins/install', api.post('/api/plugins/install', PLUGIN));
}

// One installation per host: several widgets on the same host share the plugin.
const installed = new WeakMap<Api, Promise<void>>();

/** Routes `eventType` from `sourceId` to a published flow that answers with `widget` in the `/track` response's `ux`. */
export async function answerWithWidget(api: Api, sourceId: string, eventType: string, widget: Record<string, unknown>): Promise<void> {
  if (!installed.has(api)) installed.set(api, publishPlugin(api));
  await installed.get(api);
  const flow = await ok<{ id: string }>('POST /api/flows', api.post('/api/flows', {
    name: `Widget for ${eventType}`,
    description: 'Answers with a widget',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 } },
      { id: 'show', type: 'plugin', plugin: PLUGIN, label: 'Show widget', position: { x: 200, y: 0 }, config: { widget } },
    ],
    edges: [{ id: 'e1', source: 'start', sourcePort: 'payload', target: 'show', targetPort: 'payload' }],
  }));
  await ok('POST /api/flows/{id}/publish', api.post(`/api/flows/${flow.id}/publish`, { note: 'widget' }));
  await ok('POST /api/rules', api.post('/api/rules', { name: `widget on ${eventType}`, eventType, source: sourceId, flowId: flow.id }));
}
