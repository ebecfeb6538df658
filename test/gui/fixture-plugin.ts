/**
 * Publishes a third-party plugin to the host's embedded registry, the way a plugin developer would: a registry user
 * created through the API, a publisher key the administrator trusts, a signed `npm publish`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { publishPackage } from '@tessera/marketplace/registry';
import { packDirectory } from '@tessera/marketplace/workspace';
import { computeIntegrity, generatePublisherKeyPair, signPackage, type PublisherKeyPair } from '@tessera/plugin-sdk/signing';
import type { HostHandle } from '../helpers/index.ts';

/** A publisher with registry credentials and a trusted signing key. */
export interface Publisher {
  registry: string;
  token: string;
  key: PublisherKeyPair;
}

/** Creates registry credentials and trusts a new publisher key on `host`. */
export async function newPublisher(host: HostHandle, name: string): Promise<Publisher> {
  const creds = await host.api.post('/api/registry/users', { name });
  if (creds.status !== 201) throw new Error(`registry user: ${creds.status} ${JSON.stringify(creds.body)}`);
  const key = generatePublisherKeyPair();
  const trusted = await host.api.post('/api/plugins/trust', { publisher: name, publicKeyPem: key.publicKeyPem });
  if (trusted.status >= 300) throw new Error(`trust: ${trusted.status} ${JSON.stringify(trusted.body)}`);
  return { registry: creds.body.registry as string, token: creds.body.token as string, key };
}

/** Packs, signs (unless `signed` is false) and publishes a greeter plugin `name@version` (`config`: its schema), then refreshes the index. */
export async function publishGreeter(host: HostHandle, pub: Publisher, name: string, version: string,
  opts: { signed?: boolean; config?: Record<string, unknown> } = {}): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-gui-plugin-'));
  try {
    fs.mkdirSync(path.join(dir, 'dist'));
    const readme = `# Greeter\n\nAdds a **greeting** to the payload.\n\n- configurable text\n- version ${version}\n\n\`\`\`json\n{ "greeting": "hello" }\n\`\`\`\n`;
    const packageJson = {
      name, version, type: 'module', description: 'Adds a greeting to the payload', keywords: ['tessera-plugin'], files: ['dist', 'README.md'],
      tessera: {
        apiVersion: '1', kind: 'action', title: 'Greeter', description: 'Adds a greeting to the payload', category: 'Testing', icon: 'flask', entry: 'dist/index.js',
        config: opts.config ?? { type: 'object', required: ['greeting'], properties: { greeting: { type: 'string', minLength: 1, default: 'hello' } } },
      },
    };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
    fs.writeFileSync(path.join(dir, 'README.md'), readme);
    fs.writeFileSync(path.join(dir, 'dist', 'index.js'),
      // What `tessera-plugin build` emits for definePlugin({ run }): an IIFE bundle assigning `__tesseraPlugin`.
      `var __tesseraPlugin = { default: { tessera: 'plugin', kind: 'action', run(input, ctx) {\n` +
      `  return { port: 'payload', payload: { ...input.payload, greeting: ctx.config.greeting, by: '${version}' } };\n} } };\n`);
    const { tarball } = await packDirectory(dir);
    const signature = opts.signed === false ? null : signPackage({ name, version, integrity: computeIntegrity(tarball) }, pub.key.privateKeyPem);
    await publishPackage({ registry: pub.registry, token: pub.token, packageJson, tarball, signature, readme });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const refreshed = await host.api.post('/api/marketplace/refresh');
  if (refreshed.status !== 200) throw new Error(`marketplace refresh: ${refreshed.status} ${JSON.stringify(refreshed.body)}`);
}
