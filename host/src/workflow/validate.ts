/**
 * Save-time validation of a flow: everything that can be checked without running it. Problems are collected (not
 * thrown one by one) so the editor can mark every bad node and field at once.
 */
import type { Manifest } from '@tessera/plugin-sdk/manifest';
import { validateConfig } from '@tessera/plugin-sdk/manifest';
import { userError, type TesseraError } from '../errors/index.ts';
import { ERROR_PORT, START_PORT, type FlowInput, type FlowNode } from './flow.schema.ts';
import { checkAnnotatedFields } from './internal/annotations.ts';
import { reachableFrom, topologicalOrder } from './internal/graph.ts';

/** One problem: where in the request body (`nodes.2.config.url`), which node or edge, and what is wrong. */
export interface FlowProblem {
  in: 'body';
  path: string;
  node?: string;
  edge?: string;
  message: string;
}

/** What validation needs to know about installed plugins (the catalog's `record` fits). */
export interface PluginLookup {
  record(name: string, version: string): Promise<{ manifest: Manifest; enabled: boolean } | null>;
}

/** Result of validation: problems (empty when valid), warnings, and each plugin node's config with defaults. */
export interface FlowValidation {
  problems: FlowProblem[];
  warnings: FlowProblem[];
  configs: Map<string, Record<string, unknown>>;
}

/** Checks plugins, configs, ports, the single start node and acyclicity. */
export async function validateFlow(flow: FlowInput, plugins: PluginLookup): Promise<FlowValidation> {
  const problems: FlowProblem[] = [];
  const warnings: FlowProblem[] = [];
  const configs = new Map<string, Record<string, unknown>>();
  const manifests = new Map<string, Manifest>();
  const byId = new Map<string, FlowNode>();

  flow.nodes.forEach((node, i) => {
    const at = `nodes.${i}`;
    if (byId.has(node.id)) problems.push({ in: 'body', path: `${at}.id`, node: node.id, message: `duplicate node id '${node.id}'` });
    byId.set(node.id, node);
    if (node.type === 'start' && node.plugin) problems.push({ in: 'body', path: `${at}.plugin`, node: node.id, message: 'the start node has no plugin' });
    if (node.type === 'plugin' && !node.plugin) problems.push({ in: 'body', path: `${at}.plugin`, node: node.id, message: 'is required for a plugin node' });
    if (node.onError?.policy !== 'retry' && (node.onError?.retries !== undefined || node.onError?.backoffMs !== undefined)) {
      problems.push({ in: 'body', path: `${at}.onError`, node: node.id, message: 'retries and backoffMs only apply to policy retry' });
    }
  });

  const starts = flow.nodes.filter((n) => n.type === 'start');
  if (starts.length !== 1) {
    problems.push({ in: 'body', path: 'nodes', message: `a flow needs exactly one start node, found ${starts.length}` });
  }

  await Promise.all(flow.nodes.map(async (node, i) => {
    if (node.type !== 'plugin' || !node.plugin) return;
    const at = `nodes.${i}`;
    const ref = `${node.plugin.name}@${node.plugin.version}`;
    const record = await plugins.record(node.plugin.name, node.plugin.version);
    if (!record) {
      problems.push({ in: 'body', path: `${at}.plugin`, node: node.id, message: `plugin ${ref} is not installed` });
      return;
    }
    if (record.manifest.kind === 'destination') {
      // A destination plugin runs from a dispatch job with credentials and retries, never inside a flow's request.
      problems.push({ in: 'body', path: `${at}.plugin`, node: node.id, message: `plugin ${ref} is of kind destination; configure it under /api/destinations, not as a flow node` });
      return;
    }
    if (!record.enabled) warnings.push({ in: 'body', path: `${at}.plugin`, node: node.id, message: `plugin ${ref} is disabled; the node will fail until it is enabled` });
    manifests.set(node.id, record.manifest);
    const checked = validateConfig(record.manifest, node.config ?? {});
    for (const e of checked.errors) {
      problems.push({ in: 'body', path: e.path ? `${at}.config.${e.path}` : `${at}.config`, node: node.id, message: `${e.message} (${ref})` });
    }
    for (const e of checkAnnotatedFields(record.manifest.config, checked.value)) {
      problems.push({ in: 'body', path: e.path ? `${at}.config.${e.path}` : `${at}.config`, node: node.id, message: e.message });
    }
    if (node.timeoutMs !== undefined && node.timeoutMs > record.manifest.limits.timeoutMs) {
      warnings.push({ in: 'body', path: `${at}.timeoutMs`, node: node.id, message: `exceeds the plugin's own limit of ${record.manifest.limits.timeoutMs} ms, which applies instead` });
    }
    configs.set(node.id, checked.value);
  }));

  const edgeIds = new Set<string>();
  flow.edges.forEach((edge, i) => {
    const at = `edges.${i}`;
    if (edgeIds.has(edge.id)) problems.push({ in: 'body', path: `${at}.id`, edge: edge.id, message: `duplicate edge id '${edge.id}'` });
    edgeIds.add(edge.id);
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source) problems.push({ in: 'body', path: `${at}.source`, edge: edge.id, message: `no node '${edge.source}'` });
    if (!target) problems.push({ in: 'body', path: `${at}.target`, edge: edge.id, message: `no node '${edge.target}'` });
    if (source) {
      const outs = outputsOf(source, manifests.get(source.id));
      if (outs && !outs.includes(edge.sourcePort)) {
        problems.push({ in: 'body', path: `${at}.sourcePort`, edge: edge.id, node: source.id, message: `node '${source.id}' has no output port '${edge.sourcePort}' (ports: ${outs.join(', ')})` });
      }
    }
    if (target) {
      if (target.type === 'start') {
        problems.push({ in: 'body', path: `${at}.target`, edge: edge.id, node: target.id, message: 'nothing can connect into the start node' });
      } else {
        const ins = manifests.get(target.id)?.inputs;
        if (ins && !ins.includes(edge.targetPort)) {
          problems.push({ in: 'body', path: `${at}.targetPort`, edge: edge.id, node: target.id, message: `node '${target.id}' has no input port '${edge.targetPort}' (ports: ${ins.join(', ')})` });
        }
      }
    }
    if (edge.source === edge.target) problems.push({ in: 'body', path: at, edge: edge.id, message: 'an edge cannot connect a node to itself' });
  });

  const { cyclic } = topologicalOrder(flow.nodes, flow.edges);
  if (cyclic.length > 0) problems.push({ in: 'body', path: 'edges', message: `the graph has a cycle through nodes ${cyclic.join(', ')}` });

  if (starts.length === 1) {
    const reached = reachableFrom(starts[0].id, flow.edges);
    flow.nodes.forEach((n, i) => {
      if (!reached.has(n.id)) warnings.push({ in: 'body', path: `nodes.${i}`, node: n.id, message: 'is not connected to the start node and never runs' });
    });
  }
  problems.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  return { problems, warnings, configs };
}

/** Output ports of a node: `payload` for the start node, the manifest's outputs plus `error` under policy continue. */
export function outputsOf(node: FlowNode, manifest: Manifest | undefined): string[] | undefined {
  if (node.type === 'start') return [START_PORT];
  if (!manifest) return undefined;
  return node.onError?.policy === 'continue' ? [...manifest.outputs, ERROR_PORT] : manifest.outputs;
}

/** The 422 answer for an invalid flow, naming every problem. */
export function invalidFlowError(problems: FlowProblem[]): TesseraError {
  const first = problems[0];
  const head = first ? `${first.path}: ${first.message}` : 'the flow is invalid';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return userError('invalid_flow', `${head}${more}`, 422, { fields: problems });
}
