import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, getToken, setToken, type Role, type User } from '../../../api/index.ts';

const EMAIL_KEY = 'tessera.email';
const ROLE_KEY = 'tessera.role';

/** Who is signed in, and the actions to sign in, set up the first admin and sign out. */
export const useAuth = defineStore('auth', () => {
  const token = ref<string | null>(getToken());
  const email = ref<string | null>(localStorage.getItem(EMAIL_KEY));
  /** The signed-in user's role; the API enforces permissions, the GUI only hides what the role cannot use. */
  const role = ref<Role | null>(localStorage.getItem(ROLE_KEY) as Role | null);
  const signedIn = computed(() => token.value !== null);

  async function login(userEmail: string, password: string): Promise<void> {
    const res = await api<{ token: string; user: User }>('/api/auth/token', { method: 'POST', body: { email: userEmail, password } });
    token.value = res.token;
    email.value = res.user?.email ?? userEmail;
    role.value = res.user?.role ?? null;
    setToken(res.token);
    localStorage.setItem(EMAIL_KEY, email.value);
    if (role.value) localStorage.setItem(ROLE_KEY, role.value);
  }

  async function setup(userEmail: string, password: string): Promise<void> {
    await api('/api/setup', { method: 'POST', body: { email: userEmail, password } });
    await login(userEmail, password);
  }

  function logout(): void {
    token.value = null;
    email.value = null;
    role.value = null;
    setToken(null);
    localStorage.removeItem(EMAIL_KEY);
    localStorage.removeItem(ROLE_KEY);
  }

  return { token, email, role, signedIn, login, setup, logout };
});
