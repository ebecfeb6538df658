/**
 * API payload types. They come from the host's schemas and types through type-only imports, so the GUI breaks at
 * type-check time when a route changes shape; nothing here is a hand copy.
 */
export type { Consent, Profile, Session, TrackedEvent } from '@tessera/host/storage/entities.ts';
export type { SourceView as Source, SourceInput, SourceUpdate } from '@tessera/host/sources/source.schema.ts';
export type { UserView as User, UserInput } from '@tessera/host/users/user.schema.ts';
export type { Role } from '@tessera/host/auth/roles.ts';
export type { Flow, FlowEdge, FlowInput, FlowNode, FlowVersionSummary as FlowVersion, ErrorPolicy, Rule, RuleInput } from '@tessera/host/workflow/flow.schema.ts';
export type { NodeTrace as TraceNode } from '@tessera/host/workflow/engine/types.ts';
export type { InstalledPlugin } from '@tessera/host/plugins/catalog.types.ts';
export type { Manifest as PluginManifest } from '@tessera/plugin-sdk/manifest';
import type { NodeTrace } from '@tessera/host/workflow/engine/types.ts';

/** One page of a list endpoint. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

// TODO: replace with the marketplace route's schema type once `GET /api/marketplace` lands.
/** A marketplace entry. */
export interface MarketplacePlugin {
  name: string;
  title?: string;
  description?: string;
  category?: string;
  icon?: string;
  latest?: string;
  readme?: string;
  versions?: unknown;
  [key: string]: unknown;
}

// TODO: replace with the test route's response schema type once `POST /api/flows/{id}/test` lands.
/** The answer of `POST /api/flows/{id}/test`. */
export interface TestRunResult {
  nodes: NodeTrace[];
  edges: string[];
  profileDiff?: unknown;
  response?: unknown;
  ux?: unknown[];
}
