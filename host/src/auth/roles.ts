/**
 * Roles and the permission table. Every `/api` route names one permission in its route config
 * (`config: { permission: 'sources.write' }`); this table says which roles hold it. Adding a permission is one line.
 */

/** The closed list of roles, most powerful first. */
export const ROLES = ['admin', 'developer', 'marketer', 'viewer'] as const;
/** A user's role. */
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;

/** Permission → roles that hold it. */
export const PERMISSIONS = {
  'users.manage': ['admin'],
  'sources.read': ALL,
  'sources.write': ['admin', 'developer'],
  'events.read': ALL,
  'profiles.read': ALL,
  'profiles.delete': ['admin', 'marketer'],
  'sessions.read': ALL,
  'flows.read': ALL,
  'flows.write': ['admin', 'developer', 'marketer'],
  'flows.publish': ['admin', 'developer'],
  'rules.read': ALL,
  'rules.write': ['admin', 'developer', 'marketer'],
  'plugins.read': ALL,
  'plugins.install': ['admin', 'developer'],
  'marketplace.read': ALL,
  'settings.manage': ['admin'],
  'jobs.read': ['admin', 'developer'],
  'jobs.manage': ['admin'],
  'events.import': ['admin', 'developer'],
  'profiles.merge': ['admin', 'marketer'],
  'segments.read': ALL,
  'segments.write': ['admin', 'developer', 'marketer'],
  'identity.read': ALL,
  'identity.write': ['admin', 'developer'],
  'events.schedule': ['admin', 'developer', 'marketer'],
  'destinations.read': ALL,
  'destinations.write': ['admin', 'developer'],
} as const satisfies Record<string, readonly Role[]>;

/** A permission name from the table. */
export type Permission = keyof typeof PERMISSIONS;

/** True when `role` holds `permission`. */
export function allows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** True for a known permission name (route configs are checked at start-up). */
export function isPermission(name: unknown): name is Permission {
  return typeof name === 'string' && Object.hasOwn(PERMISSIONS, name);
}
