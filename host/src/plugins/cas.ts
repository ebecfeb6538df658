/**
 * The content-addressed store of plugin packages: one folder per tarball, named by its sha512 integrity
 * (`<root>/sha512-<hex>/`), holding the original `package.tgz` and the extracted files under `package/`.
 *
 * Two installed versions with identical bytes share a folder; a folder is never modified after it is written
 * (written under a temporary name, then renamed), so a reader sees either nothing or a complete package.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { integrityMatches, integrityToKey } from '@tessera/plugin-sdk/signing';
import { readPackageTarball, safePath, type PackageFiles } from '@tessera/marketplace/tarball';
import { unexpectedError } from '../errors/index.ts';

/** A verified package read back from the store. */
export interface StoredPackage {
  integrity: string;
  files: PackageFiles;
}

/** The content-addressed package store rooted at one folder. */
export interface ContentStore {
  /** Writes a tarball (already verified against `integrity`) with its extracted files; a no-op when present. */
  put(integrity: string, tarball: Uint8Array, files: PackageFiles): void;
  /**
   * Reads a package back, re-hashing the tarball against `integrity` and comparing each extracted file it returns
   * with the tarball's copy. Throws `plugin_store_corrupt` on any difference.
   */
  read(integrity: string, paths: readonly string[]): StoredPackage;
  /** True when a folder for `integrity` exists. */
  has(integrity: string): boolean;
  /** Deletes the folder for `integrity` (only when no installed version refers to it any more). */
  remove(integrity: string): void;
}

/** Opens (and creates) the content-addressed store at `root`. */
export function openContentStore(root: string): ContentStore {
  mkdirSync(root, { recursive: true });
  const folderOf = (integrity: string): string => join(root, integrityToKey(integrity));

  return {
    put(integrity, tarball, files) {
      if (!integrityMatches(integrity, tarball)) throw unexpectedError('plugin_store_write', 'refusing to store a tarball that does not match its integrity');
      const folder = folderOf(integrity);
      if (existsSync(folder)) return;
      const tmp = join(root, `.tmp-${randomBytes(8).toString('hex')}`);
      try {
        mkdirSync(join(tmp, 'package'), { recursive: true });
        writeFileSync(join(tmp, 'package.tgz'), tarball, { mode: 0o444 });
        for (const [path, bytes] of files) {
          const target = join(tmp, 'package', safePath(path));
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, bytes, { mode: 0o444 });
        }
        renameSync(tmp, folder);
      } catch (err) {
        rmSync(tmp, { recursive: true, force: true });
        // Another installer may have won the race for the same bytes; that is fine.
        if (existsSync(folder)) return;
        throw unexpectedError('plugin_store_write', `could not write the plugin store: ${(err as Error).message}`, err);
      }
    },

    read(integrity, paths) {
      const folder = folderOf(integrity);
      let tarball: Buffer;
      try {
        tarball = readFileSync(join(folder, 'package.tgz'));
      } catch (err) {
        throw unexpectedError('plugin_store_corrupt', `the plugin store has no package for ${integrity}`, err);
      }
      if (!integrityMatches(integrity, tarball)) {
        throw unexpectedError('plugin_store_corrupt', `the stored tarball for ${integrity} no longer matches its integrity`);
      }
      const packed = readPackageTarball(tarball);
      const files: PackageFiles = new Map();
      for (const path of paths) {
        const expected = packed.get(path);
        if (!expected) throw unexpectedError('plugin_store_corrupt', `the stored package has no ${path}`);
        let extracted: Buffer;
        try {
          extracted = readFileSync(join(folder, 'package', safePath(path)));
        } catch (err) {
          throw unexpectedError('plugin_store_corrupt', `the extracted ${path} is missing from the plugin store`, err);
        }
        if (!extracted.equals(expected)) throw unexpectedError('plugin_store_corrupt', `the extracted ${path} was modified in the plugin store`);
        files.set(path, extracted);
      }
      return { integrity, files };
    },

    has(integrity) {
      return existsSync(folderOf(integrity));
    },

    remove(integrity) {
      rmSync(folderOf(integrity), { recursive: true, force: true });
    },
  };
}
