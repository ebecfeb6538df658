/** Files `tessera-plugin new` writes, as functions of the plugin's name and title. */
export interface ScaffoldVars {
  name: string;
  title: string;
  kind: 'action' | 'bridge' | 'destination';
  sdkVersion: string;
}

const DEFINE = { action: 'definePlugin', bridge: 'defineBridge', destination: 'defineDestination' } as const;

/** package.json with the manifest. */
export function packageJson(v: ScaffoldVars): string {
  return `${JSON.stringify({
    name: v.name,
    version: '0.1.0',
    description: `${v.title}: a Tessera plugin.`,
    type: 'module',
    license: 'Apache-2.0',
    keywords: ['tessera-plugin'],
    files: ['dist', 'README.md'],
    scripts: { build: 'tessera-plugin build', test: 'tessera-plugin test', pack: 'tessera-plugin pack' },
    devDependencies: { '@tessera/plugin-sdk': `^${v.sdkVersion}` },
    tessera: {
      apiVersion: '1',
      kind: v.kind,
      title: v.title,
      description: 'Greets the profile by name and adds the greeting to the payload.',
      category: 'General',
      icon: 'puzzle',
      entry: 'dist/plugin.js',
      config: {
        type: 'object',
        additionalProperties: false,
        properties: {
          greeting: { type: 'string', title: 'Greeting', default: 'Hello', maxLength: 100 },
          tagVisitor: { type: 'boolean', title: 'Add the "greeted" segment to the profile', default: false },
        },
      },
      inputs: ['payload'],
      outputs: ['payload'],
      permissions: { network: [], profile: 'write', session: 'none', event: 'read', pii: false, kv: 'none', mail: false },
      limits: { timeoutMs: 1000, memoryMb: 32 },
    },
  }, null, 2)}\n`;
}

/** src/index.ts: the plugin. */
export function indexTs(v: ScaffoldVars): string {
  return `import { ${DEFINE[v.kind]} } from '@tessera/plugin-sdk';
// Generated from the "config" schema in package.json by \`tessera-plugin build\`.
import type { Config } from './config.js';

export default ${DEFINE[v.kind]}<Config>({
  run(input, ctx) {
    const name = typeof ctx.profile.traits?.name === 'string' ? ctx.profile.traits.name : 'stranger';
    const greeting = \`\${ctx.config.greeting ?? 'Hello'}, \${name}!\`;
    ctx.log.info(\`greeting \${name} on event \${ctx.event.type ?? '?'}\`);
    // Profile changes are requested as patches; the engine applies them when the flow ends.
    if (ctx.config.tagVisitor) ctx.update.profile.append('segments', 'greeted');
    const payload = typeof input.payload === 'object' && input.payload !== null ? input.payload : {};
    return { port: 'payload', payload: { ...payload, greeting } };
  },
});
`;
}

/** src/index.test.ts: a test running the plugin in the real sandbox. */
export function indexTestTs(): string {
  return `import { describe, expect, it } from 'vitest';
import { runPlugin } from '@tessera/plugin-sdk/testing';

// The plugin folder: runPlugin reads package.json and runs the bundle exactly as the host would.
const dir = new URL('..', import.meta.url);

describe('greeting plugin', () => {
  it('greets the profile by name', async () => {
    const out = await runPlugin({
      dir,
      config: { greeting: 'Hi' },
      event: { type: 'page-view' },
      profile: { id: 'p1', traits: { name: 'Ada' } },
      input: { port: 'payload', payload: { page: '/home' } },
    });
    expect(out.error).toBeUndefined();
    expect(out.results).toEqual([{ port: 'payload', payload: { page: '/home', greeting: 'Hi, Ada!' } }]);
    expect(out.logs[0].message).toBe('greeting Ada on event page-view');
  });

  it('asks for a segment patch when configured to', async () => {
    const out = await runPlugin({ dir, config: { tagVisitor: true }, event: { type: 'x' }, profile: { id: 'p1' } });
    expect(out.patches).toEqual([{ target: 'profile', op: 'append', path: 'segments', value: 'greeted' }]);
  });

  it('rejects an invalid configuration', async () => {
    const out = await runPlugin({ dir, config: { greeting: 42 }, profile: { id: 'p1' } });
    expect(out.error?.code).toBe('invalid_config');
  });
});
`;
}

/** README.md of the new plugin. */
export function readme(v: ScaffoldVars): string {
  return `# ${v.title}

A Tessera plugin (${v.kind}). Created with \`tessera-plugin new\`.

\`\`\`sh
npx tessera-plugin build   # validate the manifest, write src/config.d.ts, bundle to dist/plugin.js
npx tessera-plugin test    # build, then run src/**/*.test.ts in the real sandbox
npx tessera-plugin pack    # build, then pack ${v.name}-0.1.0.tgz
\`\`\`
`;
}

/**
 * vitest.config.js: lets `npx vitest` and editors run the tests as `tessera-plugin test` does (forked processes with
 * --no-node-snapshot, which isolated-vm needs).
 */
export function vitestConfig(): string {
  return `// Runs the tests like \`tessera-plugin test\` does: forked processes with --no-node-snapshot (isolated-vm needs it).
export { default } from '@tessera/plugin-sdk/vitest-config';
`;
}

/** .gitignore of the new plugin. */
export function gitignore(): string {
  return 'node_modules/\ndist/\n*.tgz\n';
}
