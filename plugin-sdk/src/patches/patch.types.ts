/** Which document a patch changes. */
export type PatchTarget = 'profile' | 'session' | 'event';

/** The closed list of patch operations. */
export const PATCH_OPS = ['set', 'unset', 'append', 'remove', 'increment'] as const;

/** One patch operation name. */
export type PatchOpName = (typeof PATCH_OPS)[number];

/** The closed list of patch targets. */
export const PATCH_TARGETS = ['profile', 'session', 'event'] as const;

/**
 * One change a plugin asks for. Plugins never write profile/session/event directly: they return patches, and the
 * engine applies all patches of a flow atomically at its end.
 * `path` is a dot path such as `traits.vip`, `pii.email`, `segments`, `consents.marketing`, `properties.total`.
 */
export interface PatchOp {
  target: PatchTarget;
  op: PatchOpName;
  path: string;
  value?: unknown;
}

/** The documents patches apply to; any of them may be absent. */
export interface PatchableDocs {
  profile?: Record<string, unknown>;
  session?: Record<string, unknown>;
  event?: Record<string, unknown>;
}
