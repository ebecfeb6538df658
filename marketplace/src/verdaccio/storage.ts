/** Reading the embedded registry's storage folder directly, to enumerate packages without Verdaccio's search. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Names of every package the local storage holds (`name/package.json` and `@scope/name/package.json`). */
export function listStoredPackageNames(storageDir: string): string[] {
  if (!existsSync(storageDir)) return [];
  const names: string[] = [];
  for (const entry of readdirSync(storageDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@')) {
      for (const sub of readdirSync(join(storageDir, entry.name), { withFileTypes: true })) {
        if (sub.isDirectory() && existsSync(join(storageDir, entry.name, sub.name, 'package.json'))) names.push(`${entry.name}/${sub.name}`);
      }
    } else if (existsSync(join(storageDir, entry.name, 'package.json'))) {
      names.push(entry.name);
    }
  }
  return names.sort();
}

/** A summary of the storage's state: every package's name and packument modification time (changes on each publish). */
export function storageFingerprint(storageDir: string): string {
  return listStoredPackageNames(storageDir).map((name) => {
    try {
      return `${name}:${statSync(join(storageDir, name, 'package.json')).mtimeMs}`;
    } catch {
      return name;
    }
  }).join('|');
}
