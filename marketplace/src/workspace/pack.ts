/**
 * In-process packing of a package folder into an npm-style tarball (`package/` prefix, gzip), used for seeding so a
 * host start does not spawn `npm pack` once per plugin. Deterministic: sorted entries, fixed mtime, portable headers,
 * so the same files always give the same integrity.
 *
 * What goes in follows npm's rules closely enough for our own packages: `package.json`, README*, LICENSE*, and the
 * `files` entries; without `files`, everything except node_modules, dot-files and tarballs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { create } from 'tar';

const ALWAYS = /^(package\.json|readme(\..*)?|license(\..*)?|licence(\..*)?|changelog(\..*)?)$/i;
const NEVER = /(^|\/)(node_modules|\.git|\.DS_Store)(\/|$)|\.tgz$/;

/** Lists the files `packFolder` would include, relative to `dir`, sorted. */
export function packFileList(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { files?: string[] };
  const all = walk(dir, dir).filter((f) => !NEVER.test(f));
  const chosen = new Set(all.filter((f) => !f.includes('/') && ALWAYS.test(f)));
  if (Array.isArray(pkg.files)) {
    for (const entry of pkg.files) {
      const clean = entry.replace(/^\.\//, '').replace(/\/+$/, '');
      for (const f of all) if (f === clean || f.startsWith(`${clean}/`)) chosen.add(f);
    }
  } else {
    for (const f of all) if (!f.split('/').some((part) => part.startsWith('.'))) chosen.add(f);
  }
  return [...chosen].sort();
}

/** Packs `dir` into a gzipped tarball in memory. */
export async function packFolder(dir: string): Promise<Buffer> {
  const files = packFileList(dir);
  const stream = create({ gzip: true, cwd: dir, prefix: 'package/', portable: true, mtime: new Date('1985-10-26T08:15:00Z') }, files);
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function walk(root: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const rel = relative(root, full).split('\\').join('/');
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    if (entry.isDirectory()) out.push(...walk(root, full));
    else if (entry.isFile() && statSync(full).size >= 0) out.push(rel);
  }
  return out;
}
