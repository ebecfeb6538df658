import type { Role } from '../../../api/index.ts';

/** How each role is shown, and a one-line summary of what it may do (mirrors the host's permission table). */
export const ROLE_INFO: Record<Role, { label: string; can: string; tag: 'error' | 'warning' | 'info' | 'default' }> = {
  admin: { label: 'Admin', can: 'everything, including users and settings', tag: 'error' },
  developer: { label: 'Developer', can: 'sources, workflows, publishing and plugins', tag: 'warning' },
  marketer: { label: 'Marketer', can: 'workflows and rules (no publishing), deleting profiles', tag: 'info' },
  viewer: { label: 'Viewer', can: 'read-only', tag: 'default' },
};
