/**
 * The one install path. Registry packages and the workspace's first-party plugins both arrive here as a
 * {@link PackageCandidate} (tarball bytes + declared integrity + signature) and go through the same steps:
 * integrity → contents (keyword, manifest, apiVersion, entry) → signature and trust → content-addressed store → record.
 * Every check runs before the first write, so a refusal leaves nothing behind.
 */
import { computeIntegrity, integrityMatches, type PackageSignature } from '@tessera/plugin-sdk/signing';
import { userError } from '../errors/index.ts';
import type { Store } from '../storage/index.ts';
import type { ContentStore } from './cas.ts';
import type { InstalledPlugin, InstallSource } from './catalog.types.ts';
import { audit } from './internal/audit.ts';
import type { ChangeHub } from './internal/changes.ts';
import { checkPackage } from './internal/package-check.ts';
import { judgeSignature } from './internal/signature.ts';
import type { TrustStore } from './trust.ts';

/** A package offered for installation. */
export interface PackageCandidate {
  name: string;
  version: string;
  tarball: Uint8Array;
  /** The integrity the source vouches for (the registry's `dist.integrity`). */
  declaredIntegrity: string;
  signature: PackageSignature | null;
  source: InstallSource;
}

/** Who installs, and whether they explicitly accept an unsigned or untrusted package. */
export interface InstallOptions {
  actor: string;
  /** An administrator's override for unsigned or untrusted packages; the reason is recorded and shown. */
  allowUntrusted?: { reason: string };
}

/** Outcome of an install: the record, and whether it was already installed with the same bytes. */
export interface InstallResult {
  plugin: InstalledPlugin;
  alreadyInstalled: boolean;
}

/** Installs package candidates. */
export interface Installer {
  install(candidate: PackageCandidate, options: InstallOptions): Promise<InstallResult>;
}

export { isFirstPartyName } from './internal/signature.ts';

/** Creates the installer. */
export function createInstaller(deps: { store: Store; cas: ContentStore; trust: TrustStore; changes: ChangeHub }): Installer {
  const records = deps.store.config<InstalledPlugin>('plugins');
  return {
    async install(candidate, options) {
      const { name, version, tarball } = candidate;
      const id = `${name}@${version}`;
      if (!integrityMatches(candidate.declaredIntegrity, tarball)) {
        throw userError('plugin_integrity_mismatch',
          `${id}: the downloaded tarball does not match the published sha512 integrity (tampered or corrupt); nothing was installed`, 422,
          { declared: candidate.declaredIntegrity, actual: computeIntegrity(tarball) });
      }
      const integrity = computeIntegrity(tarball);
      const checked = checkPackage(tarball, name, version);
      const verdict = await judgeSignature(deps.trust, name, version, integrity, candidate.signature, options);

      const existing = await records.get(id);
      if (existing && existing.integrity === integrity) return { plugin: existing, alreadyInstalled: true };
      // A workspace plugin rebuilt in development may change without a version bump; registry versions never do.
      if (existing && !(existing.source.kind === 'workspace' && candidate.source.kind === 'workspace')) {
        throw userError('plugin_version_conflict',
          `${id} is already installed with different contents (${existing.integrity.slice(0, 20)}…); a published version never changes`, 409,
          { installed: existing.integrity, offered: integrity });
      }

      deps.cas.put(integrity, tarball, checked.files);
      const plugin: InstalledPlugin = {
        id, name, version, integrity, manifest: checked.manifest, enabled: existing?.enabled ?? true,
        ...(existing?.disabledReason ? { disabledReason: existing.disabledReason } : {}),
        signature: { status: verdict.status, keyId: verdict.keyId, publisher: verdict.publisher },
        ...(verdict.override ? { override: verdict.override } : {}),
        source: candidate.source, installedBy: options.actor, installedAt: new Date().toISOString(),
      };
      await records.put(plugin);
      await audit(deps.store, options.actor, existing ? 'plugin.reinstall-workspace' : 'plugin.install', id, {
        integrity, source: candidate.source, signature: plugin.signature,
        ...(existing ? { previousIntegrity: existing.integrity } : {}),
        ...(verdict.override ? { override: verdict.override } : {}),
      });
      deps.changes.emit({ type: 'installed', name, version });
      return { plugin, alreadyInstalled: false };
    },
  };
}
