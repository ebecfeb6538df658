import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, getToken, setToken } from '../../../api/index.ts';

const EMAIL_KEY = 'tessera.email';

/** Who is signed in, and the actions to sign in, set up the first admin and sign out. */
export const useAuth = defineStore('auth', () => {
  const token = ref<string | null>(getToken());
  const email = ref<string | null>(localStorage.getItem(EMAIL_KEY));
  const signedIn = computed(() => token.value !== null);

  async function login(userEmail: string, password: string): Promise<void> {
    const res = await api<{ token: string }>('/api/auth/token', { method: 'POST', body: { email: userEmail, password } });
    token.value = res.token;
    email.value = userEmail;
    setToken(res.token);
    localStorage.setItem(EMAIL_KEY, userEmail);
  }

  async function setup(userEmail: string, password: string): Promise<void> {
    await api('/api/setup', { method: 'POST', body: { email: userEmail, password } });
    await login(userEmail, password);
  }

  function logout(): void {
    token.value = null;
    email.value = null;
    setToken(null);
    localStorage.removeItem(EMAIL_KEY);
  }

  return { token, email, signedIn, login, setup, logout };
});
