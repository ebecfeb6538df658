/** One entry of the main navigation. */
export interface NavItem {
  key: string;
  label: string;
  to: string;
  icon: string;
}

/** The main navigation, in the order administrators use it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'dashboard', label: 'Dashboard', to: '/dashboard', icon: '◫' },
  { key: 'sources', label: 'Event sources', to: '/sources', icon: '⇢' },
  { key: 'events', label: 'Events', to: '/events', icon: '≋' },
  { key: 'profiles', label: 'Profiles', to: '/profiles', icon: '◉' },
  { key: 'workflows', label: 'Workflows', to: '/workflows', icon: '⎇' },
  { key: 'rules', label: 'Routing rules', to: '/rules', icon: '⇄' },
  { key: 'marketplace', label: 'Marketplace', to: '/marketplace', icon: '⊞' },
  { key: 'plugins', label: 'Installed plugins', to: '/plugins', icon: '▦' },
  { key: 'users', label: 'Users', to: '/users', icon: '☺' },
];
