/** Audit records for plugin actions (installs, overrides, removals), kept in the store's `audit` collection. */
import { randomUUID } from 'node:crypto';
import type { Store } from '../../storage/index.ts';

/** One audit entry. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

/** Appends an audit entry. */
export async function audit(store: Store, actor: string, action: string, target: string, details?: Record<string, unknown>): Promise<void> {
  const entry: AuditEntry = { id: randomUUID(), at: new Date().toISOString(), actor, action, target, ...(details ? { details } : {}) };
  await store.config<AuditEntry>('audit').put(entry);
}
