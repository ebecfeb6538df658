/** Configuration: the environment table, its validation at start-up, and the derived Config type. */
import path from 'node:path';
import { userError } from '../errors/index.ts';
import { CONFIG_SPEC } from './spec.ts';
import { ConfigProblem } from './internal/parsers.ts';

export { CONFIG_SPEC, STORAGE_KINDS, LOG_LEVELS } from './spec.ts';
export type { EnvVar } from './internal/parsers.ts';

/** The validated configuration of one host process. */
export type Config = { -readonly [K in keyof typeof CONFIG_SPEC]: ReturnType<(typeof CONFIG_SPEC)[K]['parse']> };

type Env = Readonly<Record<string, string | undefined>>;

/** Rules that involve more than one variable. */
function crossChecks(c: Config): string[] {
  const problems: string[] = [];
  if (c.storage === 'elasticsearch' && !c.elasticHost) problems.push('STORAGE=elasticsearch needs ELASTIC_HOST (e.g. http://localhost:9200)');
  if (Boolean(c.adminEmail) !== Boolean(c.adminPassword)) problems.push('TESSERA_ADMIN_EMAIL and TESSERA_ADMIN_PASSWORD must be set together');
  if (c.adminEmail && !/^[^@\s]+@[^@\s]+$/.test(c.adminEmail)) problems.push(`TESSERA_ADMIN_EMAIL is not an email address: "${c.adminEmail}"`);
  if (c.adminPassword && c.adminPassword.length < 8) problems.push('TESSERA_ADMIN_PASSWORD must be at least 8 characters long');
  return problems;
}

/**
 * Reads and validates the configuration from `env`. Every problem is reported at once in one `config_invalid`
 * error, so an operator fixes them in one go. `cwd` resolves a relative TESSERA_DATA_DIR.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(CONFIG_SPEC)) {
    try {
      out[key] = spec.parse(env[spec.env], env);
    } catch (err) {
      if (!(err instanceof ConfigProblem)) throw err;
      problems.push(err.message);
    }
  }
  const config = out as Config;
  if (problems.length === 0) problems.push(...crossChecks(config));
  if (problems.length > 0) {
    throw userError('config_invalid', `Invalid configuration:\n  - ${problems.join('\n  - ')}`, 400, { problems });
  }
  config.dataDir = path.resolve(cwd, config.dataDir);
  return config;
}
