/** `tessera plugins install|list|remove|enable|disable`: manage installed plugins through the host's API. */
import { readFileSync } from 'node:fs';
import { defineCommand } from '../../cli/command.ts';
import { apiClientFromEnv, formatApiError, splitSpec } from './api-client.ts';

const USAGE = `usage:
  tessera plugins list
  tessera plugins install <name>@<version> [--allow-untrusted "<reason>"]
  tessera plugins remove <name>@<version> [--force]
  tessera plugins enable <name>@<version>
  tessera plugins disable <name>@<version> [--reason "<why>"]
  tessera plugins trust "<publisher>" <public-key.pem> [--first-party]
  tessera plugins keys
Connects to TESSERA_URL (default http://127.0.0.1:$PORT) with TESSERA_TOKEN or TESSERA_EMAIL/TESSERA_PASSWORD.
`;

interface Listed {
  id: string; enabled: boolean; disabledReason?: string; upgradeAvailable: string | null;
  signature: { status: string; publisher: string | null }; override?: { by: string; reason: string };
  usedBy: Array<{ flowName: string; liveNodes: string[] }>; installedBy: string; installedAt: string;
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The `plugins` command. */
export const pluginsCommand = defineCommand({
  name: 'plugins',
  summary: 'List, install (verified and signed), remove, enable or disable plugins',
  async run(args) {
    const [action, spec] = args;
    const out = (s: string) => process.stdout.write(`${s}\n`);
    if (!action || action === 'help' || action === '--help') { process.stdout.write(USAGE); return action ? 0 : 2; }
    const api = apiClientFromEnv();
    try {
      if (action === 'list') {
        const { items } = await api.call<{ items: Listed[] }>('GET', '/api/plugins');
        if (items.length === 0) out('no plugins installed');
        for (const p of items) {
          const flags = [
            p.enabled ? 'enabled' : `DISABLED (${p.disabledReason ?? ''})`,
            `signature ${p.signature.status}${p.signature.publisher ? ` by ${p.signature.publisher}` : ''}`,
            ...(p.override ? [`override by ${p.override.by}: ${p.override.reason}`] : []),
            ...(p.upgradeAvailable ? [`upgrade available: ${p.upgradeAvailable}`] : []),
          ];
          out(`${p.id}  ${flags.join(' · ')}`);
          for (const u of p.usedBy) out(`    used by flow "${u.flowName}"${u.liveNodes.length ? ' (published)' : ' (draft)'}`);
        }
        return 0;
      }
      if (action === 'keys') {
        const { items } = await api.call<{ items: Array<{ id: string; publisher: string; firstParty: boolean; addedBy: string }> }>('GET', '/api/plugins/trust');
        for (const k of items) out(`${k.id}  ${k.publisher}${k.firstParty ? ' (first-party)' : ''}  added by ${k.addedBy}`);
        return 0;
      }
      if (action === 'trust') {
        const file = args[2];
        if (!spec || !file) { process.stderr.write(`tessera plugins trust: give the publisher name and the public key file\n${USAGE}`); return 2; }
        const key = await api.call<{ id: string }>('POST', '/api/plugins/trust', { publisher: spec, publicKeyPem: readFileSync(file, 'utf8'), firstParty: args.includes('--first-party') });
        out(`trusted ${key.id} (${spec})`);
        return 0;
      }
      const ref = splitSpec(spec);
      if (!ref) { process.stderr.write(`tessera plugins ${action}: give <name>@<version>\n${USAGE}`); return 2; }
      if (action === 'install') {
        const reason = option(args, '--allow-untrusted');
        const r = await api.call<{ plugin: Listed; alreadyInstalled: boolean }>('POST', '/api/plugins/install', { ...ref, ...(reason ? { allowUntrusted: { reason } } : {}) });
        out(`${r.alreadyInstalled ? 'already installed' : 'installed'} ${r.plugin.id} (signature ${r.plugin.signature.status})`);
        return 0;
      }
      if (action === 'remove') {
        const force = args.includes('--force');
        const r = await api.call<{ disabledFlows: Array<{ flowName: string }> }>('DELETE', `/api/plugins/${ref.name}/${encodeURIComponent(ref.version)}${force ? '?force=true' : ''}`);
        out(`removed ${ref.name}@${ref.version}`);
        for (const f of r.disabledFlows) out(`  disabled flow "${f.flowName}"`);
        return 0;
      }
      if (action === 'enable' || action === 'disable') {
        const reason = option(args, '--reason');
        await api.call('POST', `/api/plugins/${action}`, { ...ref, ...(action === 'disable' && reason ? { reason } : {}) });
        out(`${action}d ${ref.name}@${ref.version}`);
        return 0;
      }
      process.stderr.write(`tessera plugins: unknown action "${action}"\n${USAGE}`);
      return 2;
    } catch (err) {
      process.stderr.write(`tessera plugins ${action}: ${formatApiError(err)}\n`);
      return 1;
    }
  },
});
