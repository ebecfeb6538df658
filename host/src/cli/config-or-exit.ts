/** Loads the configuration for a command, printing a clear message instead of a stack when it is invalid. */
import { loadConfig, type Config } from '../config/index.ts';
import { isTesseraError } from '../errors/index.ts';

/** The configuration, or null after printing what is wrong (the caller exits with 2). */
export function configOrNull(env: NodeJS.ProcessEnv = process.env): Config | null {
  try {
    return loadConfig(env);
  } catch (err) {
    if (isTesseraError(err) && err.code === 'config_invalid') {
      process.stderr.write(`tessera: ${err.message}\n`);
      return null;
    }
    throw err;
  }
}
