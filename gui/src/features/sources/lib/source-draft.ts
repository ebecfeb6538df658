import type { Source, SourceUpdate } from '../../../api/index.ts';

/** What the source form edits; `secret` empty means "keep the current one" (or none, for a new source). */
export interface SourceDraft {
  name: string;
  type: Source['type'];
  description: string;
  enabled: boolean;
  ephemeral: boolean;
  allowedOrigins: string[];
  allowStaticProfileIds: boolean;
  secret: string;
  removeSecret: boolean;
}

/** The form's initial values, from an existing source or for a new one. */
export function sourceDraft(s?: Source | null): SourceDraft {
  return {
    name: s?.name ?? '',
    type: s?.type ?? 'rest',
    description: s?.description ?? '',
    enabled: s?.enabled ?? true,
    ephemeral: s?.ephemeral ?? false,
    allowedOrigins: s?.allowedOrigins ?? ['*'],
    allowStaticProfileIds: s?.allowStaticProfileIds ?? false,
    secret: '',
    removeSecret: false,
  };
}

/** The body of `POST`/`PUT /api/sources`: an unchanged secret is left out so the host keeps it. */
export function sourceBody(d: SourceDraft): SourceUpdate {
  const body: SourceUpdate = {
    name: d.name.trim(), type: d.type, description: d.description.trim(), enabled: d.enabled, ephemeral: d.ephemeral,
    allowedOrigins: d.allowedOrigins.map((o) => o.trim()).filter(Boolean), allowStaticProfileIds: d.allowStaticProfileIds,
  };
  if (d.removeSecret) body.secret = null;
  else if (d.secret) body.secret = d.secret;
  return body;
}

/** The update body that only flips `enabled`, keeping every other setting and the secret. */
export function toggledBody(s: Source, enabled: boolean): SourceUpdate {
  return sourceBody({ ...sourceDraft(s), enabled });
}
