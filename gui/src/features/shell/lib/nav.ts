import type { Role } from '../../../api/index.ts';

/** One entry of the main navigation. */
export interface NavItem {
  key: string;
  label: string;
  to: string;
  icon: string;
  /** Roles that may use the screen; absent: every role. */
  roles?: readonly Role[];
}

/** The main navigation, in the order administrators use it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'dashboard', label: 'Dashboard', to: '/dashboard', icon: '◫' },
  { key: 'sources', label: 'Event sources', to: '/sources', icon: '⇢' },
  { key: 'events', label: 'Events', to: '/events', icon: '≋' },
  { key: 'profiles', label: 'Profiles', to: '/profiles', icon: '◉' },
  { key: 'segments', label: 'Segments', to: '/segments', icon: '◔' },
  { key: 'identity', label: 'Identification', to: '/identification-points', icon: '⚲' },
  { key: 'workflows', label: 'Workflows', to: '/workflows', icon: '⎇' },
  { key: 'rules', label: 'Routing rules', to: '/rules', icon: '⇄' },
  { key: 'destinations', label: 'Destinations', to: '/destinations', icon: '⇥' },
  // Mirrors `jobs.read` in the host's permission table: marketers and viewers would only get 403s.
  { key: 'jobs', label: 'Jobs', to: '/jobs', icon: '⚙', roles: ['admin', 'developer'] },
  { key: 'marketplace', label: 'Marketplace', to: '/marketplace', icon: '⊞' },
  { key: 'plugins', label: 'Installed plugins', to: '/plugins', icon: '▦' },
  { key: 'publishers', label: 'Publishers', to: '/publishers', icon: '✦', roles: ['admin'] },
  { key: 'users', label: 'Users', to: '/users', icon: '☺', roles: ['admin'] },
];

/** The entries a role sees; an unknown role (older session) sees everything and the API decides. */
export function navFor(role: Role | null): NavItem[] {
  return NAV_ITEMS.filter((i) => !i.roles || !role || i.roles.includes(role));
}
