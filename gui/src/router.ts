import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { getToken } from './api/index.ts';

// Screens load lazily so the sign-in page stays light; the workflow editor pulls in vue-flow only when opened.
const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./features/auth/components/LoginView.vue'), meta: { public: true, title: 'Sign in' } },
  { path: '/setup', component: () => import('./features/auth/components/SetupView.vue'), meta: { public: true, title: 'Set up' } },
  {
    path: '/',
    component: () => import('./features/shell/components/AppShell.vue'),
    children: [
      { path: '', redirect: '/dashboard' },
      { path: 'dashboard', component: () => import('./features/dashboard/components/DashboardView.vue'), meta: { title: 'Dashboard' } },
      { path: 'sources', component: () => import('./features/sources/components/SourcesView.vue'), meta: { title: 'Event sources' } },
      { path: 'sources/:id', component: () => import('./features/sources/components/SourceDetailView.vue'), props: true, meta: { title: 'Event source' } },
      { path: 'events', component: () => import('./features/events/components/EventsView.vue'), meta: { title: 'Events' } },
      { path: 'profiles', component: () => import('./features/profiles/components/ProfilesView.vue'), meta: { title: 'Profiles' } },
      { path: 'profiles/:id', component: () => import('./features/profiles/components/ProfileDetailView.vue'), props: true, meta: { title: 'Profile' } },
      { path: 'workflows', component: () => import('./features/workflows/components/FlowsView.vue'), meta: { title: 'Workflows' } },
      { path: 'workflows/:id', component: () => import('./features/workflows/components/FlowEditorView.vue'), props: true, meta: { title: 'Workflow editor' } },
      { path: 'segments', component: () => import('./features/segments/components/SegmentsView.vue'), meta: { title: 'Segments' } },
      { path: 'identification-points', component: () => import('./features/identity/components/PointsView.vue'), meta: { title: 'Identification points' } },
      { path: 'destinations', component: () => import('./features/destinations/components/DestinationsView.vue'), meta: { title: 'Destinations' } },
      { path: 'jobs', component: () => import('./features/jobs/components/JobsView.vue'), meta: { title: 'Jobs' } },
      { path: 'rules', component: () => import('./features/rules/components/RulesView.vue'), meta: { title: 'Routing rules' } },
      { path: 'marketplace', component: () => import('./features/marketplace/components/MarketplaceView.vue'), meta: { title: 'Marketplace' } },
      { path: 'marketplace/:name(.*)', component: () => import('./features/marketplace/components/PluginPageView.vue'), props: true, meta: { title: 'Plugin' } },
      { path: 'plugins', component: () => import('./features/marketplace/components/InstalledPluginsView.vue'), meta: { title: 'Installed plugins' } },
      { path: 'publishers', component: () => import('./features/publishers/components/PublishersView.vue'), meta: { title: 'Publishers' } },
      { path: 'users', component: () => import('./features/users/components/UsersView.vue'), meta: { title: 'Users' } },
    ],
  },
  { path: '/:pathMatch(.*)*', component: () => import('./components/NotFoundView.vue'), meta: { public: true, title: 'Not found' } },
];

/** The application router; pages live under `/ui/` because the host serves the app there. */
export const router = createRouter({ history: createWebHistory('/ui/'), routes });

router.beforeEach((to) => {
  if (to.meta.public || getToken()) return true;
  return { path: '/login', query: to.fullPath !== '/' && to.fullPath !== '/dashboard' ? { next: to.fullPath } : {} };
});

router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : '';
  document.title = title ? `${title} · Tessera` : 'Tessera';
});
