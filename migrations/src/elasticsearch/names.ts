/**
 * Index naming. Every name starts with the installation prefix: `[prod-]<base>.` where `base` defaults to
 * `tessera` and `prod-` is added when `PRODUCTION=yes`, so staging and production keep separate data sets on one
 * cluster.
 *
 * | what | pattern | example |
 * |---|---|---|
 * | alias (what the adapter reads and writes) | `<prefix>.<collection>` | `prod-tessera.profiles` |
 * | physical index | `<prefix>.<collection>.v<version>` | `prod-tessera.profiles.v2` |
 * | monthly event index | `<prefix>.events.v<version>-<yyyy>.<mm>` | `tessera.events.v1-2026.11` |
 * | event index template | `<prefix>.events.v<version>` | `tessera.events.v1` |
 * | applied migrations | `<prefix>.migrations` | `tessera.migrations` |
 */
import type { EsCollection } from './schema.ts';

/** Options that choose the names of one installation's indices. */
export interface EsNamingOptions {
  /** `PRODUCTION=yes`: prefixes every name with `prod-`. */
  production?: boolean;
  /** Base name, default `tessera`; lowercase letters, digits, `_` and `-` (tests use a unique one each). */
  base?: string;
}

/** The naming functions of one installation. */
export interface EsNames {
  prefix: string;
  alias(c: EsCollection): string;
  physical(c: EsCollection, version: number): string;
  /** Monthly event index for a month key `yyyy.mm`. */
  monthly(version: number, month: string): string;
  /** Pattern matching every monthly index of one version. */
  monthlyPattern(version: number): string;
  template(version: number): string;
  migrations: string;
}

const BASE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Builds the names for one installation. Throws on a base name Elasticsearch would refuse. */
export function esNames(options: EsNamingOptions = {}): EsNames {
  const base = options.base ?? 'tessera';
  if (!BASE.test(base)) throw new Error(`index base name "${base}" must match ${BASE}`);
  const prefix = `${options.production ? 'prod-' : ''}${base}`;
  return {
    prefix,
    alias: (c) => `${prefix}.${c}`,
    physical: (c, v) => `${prefix}.${c}.v${v}`,
    monthly: (v, month) => `${prefix}.events.v${v}-${month}`,
    monthlyPattern: (v) => `${prefix}.events.v${v}-*`,
    template: (v) => `${prefix}.events.v${v}`,
    migrations: `${prefix}.migrations`,
  };
}

/** The month key (`yyyy.mm`, UTC) of an ISO time; events are partitioned by it. Invalid times fall back to now. */
export function monthOf(iso: string | undefined): string {
  const t = iso ? Date.parse(iso) : Number.NaN;
  const d = new Date(Number.isNaN(t) ? Date.now() : t);
  return `${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
