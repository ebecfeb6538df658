import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatFieldErrors, validateManifest } from '../manifest/validate-manifest.ts';
import type { FieldError, Manifest } from '../manifest/manifest.types.ts';

/** A plugin package folder's identity and validated manifest. */
export interface PluginPackageInfo {
  dir: string;
  name: string;
  version: string;
  manifest: Manifest;
  /** Absolute path of the bundle (`manifest.entry`). */
  entryPath: string;
}

/** A package.json or manifest problem, with every field error. */
export class PluginPackageError extends Error {
  readonly errors: FieldError[];
  constructor(message: string, errors: FieldError[] = []) {
    super(errors.length ? `${message}\n${formatFieldErrors(errors, '  tessera.')}` : message);
    this.errors = errors;
  }
}

/** Reads `<dir>/package.json` and validates its `"tessera"` manifest (defaults applied). */
export function readPluginPackage(folder: string): PluginPackageInfo {
  const dir = path.resolve(folder);
  const file = path.join(dir, 'package.json');
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PluginPackageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') throw new PluginPackageError(`${file}: "name" and "version" are required`);
  if (pkg.tessera === undefined) throw new PluginPackageError(`${file}: no "tessera" manifest block`);
  const checked = validateManifest(pkg.tessera);
  if (!checked.ok) throw new PluginPackageError(`${file}: invalid "tessera" manifest:`, checked.errors);
  return { dir, name: pkg.name, version: pkg.version, manifest: checked.manifest, entryPath: path.join(dir, checked.manifest.entry) };
}
