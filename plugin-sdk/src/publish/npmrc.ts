/**
 * Finding the bearer token npm stored for a registry (`npm login` writes `//host:port/:_authToken=...` into
 * `~/.npmrc`), so `tessera-plugin publish` works right after `npm login` like `npm publish` does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The `_authToken` for `registry` from the project's and the user's `.npmrc` files, or null. */
export function findNpmToken(registry: string, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string | null {
  const u = new URL(registry);
  const key = `//${u.host}${u.pathname.replace(/\/?$/, '/')}:_authToken`;
  const files = [join(cwd, '.npmrc'), env.npm_config_userconfig ?? env.NPM_CONFIG_USERCONFIG ?? join(homedir(), '.npmrc')];
  for (const file of files) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const i = line.indexOf('=');
      if (i < 0 || line.slice(0, i).trim() !== key) continue;
      const value = line.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
      return value.replace(/\$\{([A-Z0-9_]+)\}/gi, (_, v: string) => env[v] ?? '');
    }
  }
  return null;
}
