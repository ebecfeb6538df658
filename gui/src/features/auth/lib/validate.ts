/** Client-side checks of the sign-in and setup forms; the API checks again and has the last word. */

/** A message for an invalid e-mail address, or null. */
export function emailProblem(email: string): string | null {
  if (!email.trim()) return 'Enter an e-mail address';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) ? null : 'This is not an e-mail address';
}

/** A message for a password too weak to protect an administrator account, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'Use at least 10 characters';
  if (!/[a-zA-Z]/.test(password) || !/[^a-zA-Z]/.test(password)) return 'Mix letters with digits or symbols';
  return null;
}
