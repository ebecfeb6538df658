import { cloneData } from './internal/clone.ts';
import { getOwn, jsonEqual, parsePath } from './internal/path.ts';
import { PATCH_OPS, PATCH_TARGETS } from './patch.types.ts';
import type { PatchableDocs, PatchOp, PatchTarget } from './patch.types.ts';

/** Thrown by {@link applyPatches}; `code` is stable and `index` names the failing patch. */
export class PatchError extends Error {
  readonly code = 'invalid_patch';
  readonly index: number;
  constructor(index: number, message: string) {
    super(`patch #${index}: ${message}`);
    this.name = 'PatchError';
    this.index = index;
  }
}

/** Why a patch is malformed, or null when its shape is fine (does not look at the documents). */
export function checkPatchShape(patch: unknown): string | null {
  if (typeof patch !== 'object' || patch === null) return 'a patch must be an object';
  const p = patch as Record<string, unknown>;
  if (!PATCH_TARGETS.includes(p.target as PatchTarget)) return `target must be one of ${PATCH_TARGETS.join(', ')}`;
  if (!PATCH_OPS.includes(p.op as PatchOp['op'])) return `op must be one of ${PATCH_OPS.join(', ')}`;
  const parts = parsePath(p.path);
  if (typeof parts === 'string') return parts;
  if ((p.op === 'set' || p.op === 'append' || p.op === 'remove') && p.value === undefined) return `${p.op} needs a value`;
  if (p.op === 'increment' && p.value !== undefined && (typeof p.value !== 'number' || !Number.isFinite(p.value))) {
    return 'increment needs a finite number';
  }
  return null;
}

function containerFor(root: Record<string, unknown>, parts: readonly string[], create: boolean, index: number): Record<string, unknown> | undefined {
  let node: Record<string, unknown> = root;
  for (const key of parts.slice(0, -1)) {
    let next = getOwn(node, key);
    if (next === undefined || next === null) {
      if (!create) return undefined;
      next = {};
      node[key] = next;
    } else if (typeof next !== 'object' || Array.isArray(next)) {
      throw new PatchError(index, `"${key}" is not an object`);
    }
    node = next as Record<string, unknown>;
  }
  return node;
}

function applyOne(root: Record<string, unknown>, patch: PatchOp, index: number): void {
  const parts = parsePath(patch.path) as readonly string[];
  const leaf = parts[parts.length - 1];
  if (patch.op === 'unset') {
    const parent = containerFor(root, parts, false, index);
    if (parent) delete parent[leaf];
    return;
  }
  const parent = containerFor(root, parts, true, index)!;
  const current = getOwn(parent, leaf);
  const value = cloneData(patch.value);
  switch (patch.op) {
    case 'set':
      parent[leaf] = value;
      return;
    case 'append': {
      const list = current === undefined || current === null ? [] : Array.isArray(current) ? current : [current];
      if (!list.some((item) => jsonEqual(item, value))) list.push(value);
      parent[leaf] = list;
      return;
    }
    case 'remove':
      if (Array.isArray(current)) parent[leaf] = current.filter((item) => !jsonEqual(item, value));
      return;
    case 'increment': {
      if (current !== undefined && current !== null && typeof current !== 'number') throw new PatchError(index, `"${patch.path}" is not a number`);
      parent[leaf] = ((current as number | undefined) ?? 0) + ((patch.value as number | undefined) ?? 1);
      return;
    }
  }
}

/**
 * Applies patches in order and returns new documents; the inputs are never modified.
 * All or nothing: if one patch is invalid a {@link PatchError} is thrown and nothing is returned.
 * Untouched documents are returned as the same reference, so `next.profile !== docs.profile` means "changed".
 */
export function applyPatches<D extends PatchableDocs>(docs: D, patches: readonly PatchOp[]): D {
  const next = { ...docs };
  const copied = new Set<PatchTarget>();
  patches.forEach((patch, index) => {
    const problem = checkPatchShape(patch);
    if (problem) throw new PatchError(index, problem);
    if (!copied.has(patch.target)) {
      const original = docs[patch.target];
      (next as PatchableDocs)[patch.target] = original === undefined ? {} : cloneData(original);
      copied.add(patch.target);
    }
    applyOne((next as PatchableDocs)[patch.target]!, patch, index);
  });
  return next;
}
