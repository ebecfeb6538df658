/**
 * API payload types. They come from the host's schemas and types through type-only imports, so the GUI breaks at
 * type-check time when a route changes shape; nothing here is a hand copy.
 */
import type { InstalledPluginView } from '@tessera/host/plugins/http/plugin.schemas.ts';
import type { Manifest } from '@tessera/plugin-sdk/manifest';
import type { Static } from 'typebox';
import type { RegistryCredentialsView, RegistryUserView } from '@tessera/host/plugins/http/plugin.schemas.ts';
import type { MASK } from '@tessera/host/destinations/destination.schema.ts';

export type { Consent, Profile, Session, TrackedEvent } from '@tessera/host/storage/entities.ts';
export type { SourceView as Source, SourceInput, SourceUpdate } from '@tessera/host/sources/source.schema.ts';
export type { UserView as User, UserInput } from '@tessera/host/users/user.schema.ts';
export type { Role } from '@tessera/host/auth/roles.ts';
export type { Flow, FlowEdge, FlowInput, FlowNode, FlowVersionSummary as FlowVersion, ErrorPolicy, Rule, RuleInput } from '@tessera/host/workflow/flow.schema.ts';
export type { NodeTrace as TraceNode } from '@tessera/host/workflow/engine/types.ts';
export type { TestRunInput, TestRunResult } from '@tessera/host/workflow/test-run.ts';
export type { InstallBody, MarketplaceItemView as MarketplacePlugin } from '@tessera/host/plugins/http/plugin.schemas.ts';
export type { Manifest as PluginManifest } from '@tessera/plugin-sdk/manifest';
export type { DashboardStats } from '@tessera/host/stats/stats.schema.ts';
export type { NodeUpgradeReport, UpgradeReport } from '@tessera/host/plugins/upgrade.ts';
export type { FlowDiff } from '@tessera/host/workflow/diff.ts';
export type { Segment, SegmentInput } from '@tessera/host/segments/segment.schema.ts';
export type { IdentificationField, IdentificationPoint, IdentificationPointInput } from '@tessera/host/identity/point.schema.ts';
export type { DestinationInput, DestinationTrigger, DestinationUpdate, DestinationView as Destination, Delivery } from '@tessera/host/destinations/destination.schema.ts';
export type { ScheduledEvent, ScheduleInput } from '@tessera/host/scheduler/scheduled.schema.ts';
export type { DeadLetter, JobCounts, JobName } from '@tessera/host/queue/port.ts';
export type { SetupStatus } from '@tessera/host/auth/auth.route.ts';
export type { MergeResult } from '@tessera/host/merging/merge.route.ts';

/** An installed plugin version as `GET /api/plugins` lists it; the route leaves `manifest` open, so it is typed here. */
export type InstalledPlugin = Omit<InstalledPluginView, 'manifest'> & { manifest: Manifest };

/** A plugin developer's account on the embedded registry. */
export type RegistryUser = Static<typeof RegistryUserView>;
/** Registry credentials, shown once when created or renewed. */
export type RegistryCredentials = Static<typeof RegistryCredentialsView>;
export type { TrustedKey } from '@tessera/host/plugins/trust.ts';

/** One page of a list endpoint. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** How the API shows a stored credential value: never the value itself. */
export type MaskedValue = typeof MASK;
