export { applyPatches, checkPatchShape, PatchError } from './apply-patches.ts';
export { PATCH_OPS, PATCH_TARGETS } from './patch.types.ts';
export { cloneData } from './internal/clone.ts';
export type { PatchOp, PatchOpName, PatchTarget, PatchableDocs } from './patch.types.ts';
