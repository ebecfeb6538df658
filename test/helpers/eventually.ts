/**
 * Polling for black-box suites: jobs, workers and caches act some time after the request that caused them, so a
 * suite asks again until the answer is there rather than sleeping a fixed time.
 */

/** Calls `probe` until it returns a value (not `undefined`) and returns that value; throws naming `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
