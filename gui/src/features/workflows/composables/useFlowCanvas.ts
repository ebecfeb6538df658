/**
 * The one mapping between Tessera's workflow model and vue-flow (STYLE.md §10): model → canvas nodes and edges
 * (with run states, problems and port handles), and canvas gestures → model edits. Components never build vue-flow
 * elements themselves, so the model stays the single source of truth.
 */
import type { Connection, Edge, GraphNode, Node, NodeChange, EdgeChange } from '@vue-flow/core';
import { computed, type Ref } from 'vue';
import type { Flow, FlowNode, InstalledPlugin } from '../../../api/index.ts';
import { iconGlyph } from '../../../lib/icons.ts';
import { edgeId, edgeProblem, parsePluginKey, pluginKey, pluginNode, removeNodes } from '../lib/flow-model.ts';
import { problemCount, type FlowProblems } from '../lib/node-errors.ts';
import { pluginTitle, portNames } from '../lib/palette.ts';
import { RUN_COLOURS, type NodeRunState } from '../lib/trace.ts';

/** The part of a flow the canvas edits. */
export type FlowBody = Pick<Flow, 'name' | 'description' | 'nodes' | 'edges'>;

/** What a canvas node component receives as `data`. */
export interface CanvasNodeData {
  kind: 'start' | 'plugin';
  title: string;
  subtitle: string;
  icon: string;
  category: string;
  inputs: string[];
  outputs: string[];
  /** Colour state from the last test run, or null when no run is shown. */
  state: NodeRunState | null;
  problems: number;
  /** The pinned plugin version is not installed here. */
  missing: boolean;
}

/** The start node's only output (the host's `START_PORT`; a value, so not importable type-only). */
export const START_OUTPUTS = ['payload'];
// The manifest schema's defaults for plugins that declare no ports.
const DEFAULT_INPUTS = ['payload'];
const DEFAULT_OUTPUTS = ['payload'];

/** Inputs of the canvas mapping. */
export interface FlowCanvasSources {
  flow: Ref<FlowBody>;
  plugins: Ref<InstalledPlugin[]>;
  selectedId: Ref<string | null>;
  states: Ref<Record<string, NodeRunState>>;
  taken: Ref<Set<string>>;
  problems: Ref<FlowProblems>;
  /** Called with a sentence when a gesture is refused (e.g. a loop). */
  refuse: (reason: string) => void;
}

/** Maps the model to vue-flow elements and canvas gestures back to model edits. */
export function useFlowCanvas(src: FlowCanvasSources) {
  const byKey = computed(() => new Map(src.plugins.value.map((p) => [pluginKey(p), p])));
  const hasRun = computed(() => Object.keys(src.states.value).length > 0);

  function dataOf(node: FlowNode): CanvasNodeData {
    const state = hasRun.value ? (src.states.value[node.id] ?? 'skipped') : null;
    const problems = problemCount(src.problems.value, node.id);
    if (node.type === 'start') {
      return { kind: 'start', title: node.label || 'Start', subtitle: 'incoming event', icon: '▶', category: 'start', inputs: [], outputs: START_OUTPUTS, state, problems, missing: false };
    }
    const plugin = node.plugin ? byKey.value.get(pluginKey(node.plugin)) : undefined;
    const m = plugin?.manifest;
    return {
      kind: 'plugin',
      title: node.label || pluginTitle(node.plugin?.name ?? node.id, m),
      subtitle: node.plugin ? `${node.plugin.name.replace(/^@tessera\//, '')}@${node.plugin.version}` : 'no plugin',
      icon: iconGlyph(m?.icon),
      category: m?.category ?? '',
      inputs: portNames(m?.inputs, DEFAULT_INPUTS),
      outputs: portNames(m?.outputs, DEFAULT_OUTPUTS),
      state,
      problems,
      missing: !plugin,
    };
  }

  const nodes = computed<Node<CanvasNodeData>[]>(() =>
    src.flow.value.nodes.map((n) => ({
      id: n.id,
      type: 'tessera',
      position: { x: n.position?.x ?? 0, y: n.position?.y ?? 0 },
      data: dataOf(n),
      deletable: n.type !== 'start',
      selected: n.id === src.selectedId.value,
    })),
  );

  const edges = computed<Edge[]>(() => {
    const outputsOf = new Map(nodes.value.map((n) => [n.id, n.data?.outputs.length ?? 1]));
    return src.flow.value.edges.map((e) => {
      const taken = src.taken.value.has(e.id);
      const colour = hasRun.value ? (taken ? RUN_COLOURS.ok : RUN_COLOURS.skipped) : '#94a3b8';
      // Port names label the edges only where a node has a choice of outputs (if: true/false).
      const multi = (outputsOf.get(e.source) ?? 1) > 1;
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        sourceHandle: e.sourcePort,
        targetHandle: e.targetPort,
        animated: taken,
        label: multi ? e.sourcePort : undefined,
        style: { stroke: colour, strokeWidth: taken ? 2.5 : 1.5, strokeDasharray: hasRun.value && !taken ? '4 4' : undefined },
        data: { taken },
      };
    });
  });

  /** Adds an edge for a drawn connection, unless the model refuses it. */
  function connect(c: Connection): void {
    const edge = { source: c.source, sourcePort: c.sourceHandle ?? DEFAULT_OUTPUTS[0]!, target: c.target, targetPort: c.targetHandle ?? DEFAULT_INPUTS[0]! };
    const problem = edgeProblem(src.flow.value, edge);
    if (problem) return src.refuse(problem);
    src.flow.value = { ...src.flow.value, edges: [...src.flow.value.edges, { id: edgeId(edge), ...edge }] };
  }

  /** Stores where nodes were dragged to. */
  function moved(dragged: GraphNode[]): void {
    const at = new Map(dragged.map((n) => [n.id, n.position]));
    src.flow.value = {
      ...src.flow.value,
      nodes: src.flow.value.nodes.map((n) => (at.has(n.id) ? { ...n, position: { x: Math.round(at.get(n.id)!.x), y: Math.round(at.get(n.id)!.y) } } : n)),
    };
  }

  /** Applies node removals made on the canvas (Delete/Backspace). */
  function nodesChanged(changes: NodeChange[]): void {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => (c as { id: string }).id);
    if (removed.length === 0) return;
    src.flow.value = removeNodes(src.flow.value, removed);
    if (src.selectedId.value && removed.includes(src.selectedId.value)) src.selectedId.value = null;
  }

  /** Applies edge removals made on the canvas. */
  function edgesChanged(changes: EdgeChange[]): void {
    const removed = new Set(changes.filter((c) => c.type === 'remove').map((c) => (c as { id: string }).id));
    if (removed.size === 0) return;
    src.flow.value = { ...src.flow.value, edges: src.flow.value.edges.filter((e) => !removed.has(e.id)) };
  }

  /** Adds a node for an installed plugin (`name@version`) at a flow position; returns its id. */
  function addPlugin(key: string, position: { x: number; y: number }): string | null {
    const ref = parsePluginKey(key);
    const plugin = ref ? byKey.value.get(pluginKey(ref)) : undefined;
    if (!plugin) {
      src.refuse(`${key} is not installed`);
      return null;
    }
    const node = pluginNode(src.flow.value.nodes, plugin, position);
    src.flow.value = { ...src.flow.value, nodes: [...src.flow.value.nodes, node] };
    src.selectedId.value = node.id;
    return node.id;
  }

  return { nodes, edges, connect, moved, nodesChanged, edgesChanged, addPlugin, pluginFor: (n: FlowNode) => (n.plugin ? byKey.value.get(pluginKey(n.plugin)) : undefined) };
}
