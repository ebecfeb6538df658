import type { FlowDiff } from '../../../api/index.ts';

/** One line of a human-readable flow diff. */
export interface DiffLine {
  kind: 'added' | 'removed' | 'changed';
  text: string;
}

const nodeName = (n: { id: string; label?: string; plugin?: { name: string; version: string } }) =>
  n.label ? `${n.label} (${n.id})` : n.plugin ? `${n.id} — ${n.plugin.name.replace(/^@tessera\//, '')}@${n.plugin.version}` : n.id;

/**
 * What changed between two versions, as lines people read: nodes added/removed/changed (with which fields), edges
 * added/removed, and flow settings. Position-only changes are left out: moving a node changes nothing that runs.
 */
export function diffLines(d: FlowDiff): DiffLine[] {
  const out: DiffLine[] = [];
  for (const f of d.meta) out.push({ kind: 'changed', text: `flow ${f}` });
  for (const n of d.nodes.added) out.push({ kind: 'added', text: `node ${nodeName(n)}` });
  for (const n of d.nodes.removed) out.push({ kind: 'removed', text: `node ${nodeName(n)}` });
  for (const c of d.nodes.changed) {
    const fields = c.fields.filter((f) => f !== 'position');
    if (fields.length === 0) continue;
    const plugin = fields.includes('plugin') && c.before.plugin && c.after.plugin && c.before.plugin.name === c.after.plugin.name
      ? ` ${c.before.plugin.version} → ${c.after.plugin.version}` : '';
    out.push({ kind: 'changed', text: `node ${c.id}: ${fields.join(', ')}${plugin}` });
  }
  for (const e of d.edges.added) out.push({ kind: 'added', text: `edge ${e.source}.${e.sourcePort} → ${e.target}.${e.targetPort}` });
  for (const e of d.edges.removed) out.push({ kind: 'removed', text: `edge ${e.source}.${e.sourcePort} → ${e.target}.${e.targetPort}` });
  for (const c of d.edges.changed) out.push({ kind: 'changed', text: `edge ${c.id}: ${c.fields.join(', ')}` });
  return out;
}
