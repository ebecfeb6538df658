/**
 * The workflow model: flows (draft graph + metadata), immutable published versions, and routing rules. Each TypeBox
 * schema shares its name with its static type (STYLE.md §3); routes validate with them and the GUI imports the types.
 */
import { Type, type Static } from 'typebox';

const Id = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' });
const Json = Type.Record(Type.String(), Type.Unknown());

/** Error policy of one node: stop the flow, continue through its `error` port, or retry operational errors. */
export const ErrorPolicy = Type.Object({
  policy: Type.Union([Type.Literal('stop'), Type.Literal('continue'), Type.Literal('retry')]),
  retries: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'Attempts after the first (policy retry)' })),
  backoffMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000, description: 'Delay before the first retry; doubles each time' })),
}, { additionalProperties: false });
/** Error policy of one node. */
export type ErrorPolicy = Static<typeof ErrorPolicy>;

/** A plugin reference pinned to an exact installed version. */
export const PluginRef = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 214 }),
  version: Type.String({ minLength: 1, maxLength: 64 }),
}, { additionalProperties: false });
/** A plugin reference pinned to an exact installed version. */
export type PluginRef = Static<typeof PluginRef>;

/** One node of the graph. The start node has no plugin and one output port, `payload`. */
export const FlowNode = Type.Object({
  id: Id,
  type: Type.Union([Type.Literal('start'), Type.Literal('plugin')]),
  plugin: Type.Optional(PluginRef),
  config: Type.Optional(Json),
  position: Type.Optional(Type.Object({ x: Type.Number(), y: Type.Number() })),
  label: Type.Optional(Type.String({ maxLength: 200 })),
  onError: Type.Optional(ErrorPolicy),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
}, { additionalProperties: false });
/** One node of the graph. */
export type FlowNode = Static<typeof FlowNode>;

/** A connection from an output port of one node to an input port of another. */
export const FlowEdge = Type.Object({
  id: Id,
  source: Id,
  sourcePort: Type.String({ minLength: 1, maxLength: 64 }),
  target: Id,
  targetPort: Type.String({ minLength: 1, maxLength: 64 }),
}, { additionalProperties: false });
/** A connection between two ports. */
export type FlowEdge = Static<typeof FlowEdge>;

/** What an administrator edits: metadata and the graph. */
export const FlowInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  nodes: Type.Array(FlowNode, { maxItems: 500 }),
  edges: Type.Array(FlowEdge, { maxItems: 2000 }),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000, description: 'Budget for the whole flow per event' })),
}, { additionalProperties: false });
/** What an administrator edits. */
export type FlowInput = Static<typeof FlowInput>;

/** The graph part of a flow, as run by the engine and frozen in a version. */
export const FlowGraph = Type.Object({
  name: Type.String(),
  description: Type.String(),
  nodes: Type.Array(FlowNode),
  edges: Type.Array(FlowEdge),
  timeoutMs: Type.Optional(Type.Integer()),
});
/** The graph part of a flow. */
export type FlowGraph = Static<typeof FlowGraph>;

/** A stored flow: the editable draft plus which version (if any) live traffic runs. */
export const Flow = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  nodes: Type.Array(FlowNode),
  edges: Type.Array(FlowEdge),
  timeoutMs: Type.Optional(Type.Integer()),
  /** The version live traffic runs, or null while the flow was never published. */
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  /** Highest version number handed out so far (0 before the first publish). */
  latestVersion: Type.Integer(),
  /** Set when Tessera stopped the flow's live traffic (e.g. a plugin version it ran was force-uninstalled); publishing clears it. */
  disabled: Type.Optional(Type.Union([Type.Null(), Type.Object({
    reason: Type.String(), at: Type.String(), by: Type.String(), previousPublishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  })])),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
/** A stored flow. */
export type Flow = Static<typeof Flow>;

/** An immutable published version of a flow. */
export const FlowVersion = Type.Object({
  id: Type.String({ description: '`<flowId>:<version>`' }),
  flowId: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  note: Type.String(),
  publishedAt: Type.String(),
  publishedBy: Type.Union([Type.String(), Type.Null()]),
  /** Set when this version was created by rolling back to an older one. */
  rollbackOf: Type.Optional(Type.Integer()),
  graph: FlowGraph,
});
/** An immutable published version of a flow. */
export type FlowVersion = Static<typeof FlowVersion>;

/** A version without its graph, for lists. */
export const FlowVersionSummary = Type.Omit(FlowVersion, ['graph']);
/** A version without its graph. */
export type FlowVersionSummary = Static<typeof FlowVersionSummary>;

/** What a routing rule is made of. `source` is a source id or `any`; `condition` uses the condition language. */
export const RuleInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  eventType: Type.String({ minLength: 1, maxLength: 128, description: 'Event type, or `*` for every type' }),
  source: Type.String({ minLength: 1, maxLength: 128, description: 'Event source id, or `any`' }),
  condition: Type.Optional(Type.String({ maxLength: 4000 })),
  flowId: Type.String({ minLength: 1 }),
  enabled: Type.Optional(Type.Boolean({ default: true })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });
/** What a routing rule is made of. */
export type RuleInput = Static<typeof RuleInput>;

/** A stored routing rule. */
export const Rule = Type.Object({
  id: Type.String(),
  name: Type.String(),
  eventType: Type.String(),
  source: Type.String(),
  condition: Type.Optional(Type.String()),
  flowId: Type.String(),
  enabled: Type.Boolean(),
  description: Type.Optional(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
/** A stored routing rule. */
export type Rule = Static<typeof Rule>;

/** The start node's only output port. */
export const START_PORT = 'payload';
/** The port a node with policy `continue` sends its failures out of. */
export const ERROR_PORT = 'error';
