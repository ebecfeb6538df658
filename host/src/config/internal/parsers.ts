/**
 * Typed parsers for environment variables. Each parser knows its variable's name, default and documentation, so the
 * configuration table in `spec.ts` is the single source for validation, defaults and the README table.
 */

/** One environment variable: its name, a human description, its default as shown to users, and its parser. */
export interface EnvVar<T> {
  env: string;
  doc: string;
  /** Shown in docs; `undefined` means "unset". */
  defaultText: string | undefined;
  /** Turns the raw value into T, or throws a message naming what is wrong. */
  parse(raw: string | undefined, env: Readonly<Record<string, string | undefined>>): T;
}

/** A problem with one variable, collected so that start-up reports every problem at once. */
export class ConfigProblem extends Error {}

function clean(raw: string | undefined): string | undefined {
  const v = raw?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** An integer within bounds. */
export function int(env: string, fallback: number, doc: string, min = 0, max = Number.MAX_SAFE_INTEGER): EnvVar<number> {
  return {
    env, doc, defaultText: String(fallback),
    parse(raw) {
      const v = clean(raw);
      if (v === undefined) return fallback;
      if (!/^\d+$/.test(v)) throw new ConfigProblem(`${env} must be a whole number, got "${v}"`);
      const n = Number(v);
      if (n < min || n > max) throw new ConfigProblem(`${env} must be between ${min} and ${max}, got ${n}`);
      return n;
    },
  };
}

/** `yes` or `no` (also accepts true/false/1/0, as operators type them). */
export function yesNo(env: string, fallback: boolean, doc: string): EnvVar<boolean> {
  return {
    env, doc, defaultText: fallback ? 'yes' : 'no',
    parse(raw) {
      const v = clean(raw)?.toLowerCase();
      if (v === undefined) return fallback;
      if (['yes', 'true', '1', 'on'].includes(v)) return true;
      if (['no', 'false', '0', 'off'].includes(v)) return false;
      throw new ConfigProblem(`${env} must be "yes" or "no", got "${raw}"`);
    },
  };
}

/** One of a closed list of words. */
export function oneOf<const T extends readonly string[]>(env: string, values: T, fallback: T[number], doc: string): EnvVar<T[number]> {
  return {
    env, doc, defaultText: fallback,
    parse(raw) {
      const v = clean(raw)?.toLowerCase();
      if (v === undefined) return fallback;
      if (!values.includes(v)) throw new ConfigProblem(`${env} must be one of ${values.join(', ')}, got "${raw}"`);
      return v as T[number];
    },
  };
}

/** A free string with a default. */
export function text(env: string, fallback: string, doc: string): EnvVar<string> {
  return { env, doc, defaultText: fallback, parse: (raw) => clean(raw) ?? fallback };
}

/** An optional string (undefined when unset). `check` may throw a ConfigProblem. */
export function optional(env: string, doc: string, check?: (v: string) => void): EnvVar<string | undefined> {
  return {
    env, doc, defaultText: undefined,
    parse(raw) {
      const v = clean(raw);
      if (v !== undefined) check?.(v);
      return v;
    },
  };
}

/** An optional absolute http(s) URL. */
export function url(env: string, doc: string): EnvVar<string | undefined> {
  return optional(env, doc, (v) => {
    let u: URL;
    try { u = new URL(v); } catch { throw new ConfigProblem(`${env} must be a URL like http://host:port, got "${v}"`); }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigProblem(`${env} must be an http(s) URL, got "${v}"`);
  });
}
