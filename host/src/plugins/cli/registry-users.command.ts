/** `tessera registry-users add|list|token|remove`: registry users for plugin developers, through the host's API. */
import { defineCommand } from '../../cli/command.ts';
import { apiClientFromEnv, formatApiError } from './api-client.ts';

const USAGE = `usage:
  tessera registry-users list
  tessera registry-users add <name>      prints the developer's token, password and .npmrc line (shown once)
  tessera registry-users token <name>    issues a new token; earlier ones stop working
  tessera registry-users remove <name>
`;

interface Credentials { user: { name: string }; registry: string; password: string; token: string; npmrc: string }

/** The `registry-users` command. */
export const registryUsersCommand = defineCommand({
  name: 'registry-users',
  summary: 'Create, list, re-token or remove registry users for plugin developers',
  async run(args) {
    const [action, name] = args;
    const out = (s: string) => process.stdout.write(`${s}\n`);
    if (!action || action === 'help' || action === '--help') { process.stdout.write(USAGE); return action ? 0 : 2; }
    const api = apiClientFromEnv();
    const show = (c: Credentials) => {
      out(`registry: ${c.registry}`);
      out(`user:     ${c.user.name}`);
      out(`password: ${c.password}`);
      out(`token:    ${c.token}`);
      out('');
      out('The developer adds this line to ~/.npmrc (or runs `npm login --registry ' + c.registry + '` with the user and password):');
      out(c.npmrc);
    };
    try {
      if (action === 'list') {
        const { items } = await api.call<{ items: Array<{ name: string; createdBy: string; createdAt: string; tokenIssuedAt: string }> }>('GET', '/api/registry/users');
        if (items.length === 0) out('no registry users');
        for (const u of items) out(`${u.name}  created ${u.createdAt} by ${u.createdBy}, token issued ${u.tokenIssuedAt}`);
        return 0;
      }
      if (!name) { process.stderr.write(`tessera registry-users ${action}: give a user name\n${USAGE}`); return 2; }
      if (action === 'add') { show(await api.call<Credentials>('POST', '/api/registry/users', { name })); return 0; }
      if (action === 'token') { show(await api.call<Credentials>('POST', `/api/registry/users/${encodeURIComponent(name)}/token`)); return 0; }
      if (action === 'remove') {
        await api.call('DELETE', `/api/registry/users/${encodeURIComponent(name)}`);
        out(`removed ${name}; its tokens no longer work`);
        return 0;
      }
      process.stderr.write(`tessera registry-users: unknown action "${action}"\n${USAGE}`);
      return 2;
    } catch (err) {
      process.stderr.write(`tessera registry-users ${action}: ${formatApiError(err)}\n`);
      return 1;
    }
  },
});
