import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { onUnauthorized } from './api/index.ts';
import { useAuth } from './features/auth/composables/useAuth.ts';
import { router } from './router.ts';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(router);

// An expired or revoked token sends the user back to sign in, returning them to where they were afterwards.
onUnauthorized(() => {
  useAuth(pinia).logout();
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.replace({ path: '/login', query: { next: here.fullPath } });
});

app.mount('#app');
