/** Just enough semver for sorting versions and spotting upgrades (no ranges). */

/** Negative when a < b, positive when a > b; pre-releases sort before their release. */
export function compareVersions(a: string, b: string): number {
  const [ma, pa] = split(a);
  const [mb, pb] = split(b);
  for (let i = 0; i < 3; i++) {
    const d = (ma[i] ?? 0) - (mb[i] ?? 0);
    if (d !== 0) return d;
  }
  if (pa === pb) return 0;
  if (!pa) return 1;
  if (!pb) return -1;
  return pa < pb ? -1 : 1;
}

function split(v: string): [number[], string] {
  const [main = '', pre = ''] = v.replace(/^v/, '').split('-', 2);
  return [main.split('.').map((x) => Number.parseInt(x, 10) || 0), pre];
}

/** The highest of `versions`, or undefined for none. */
export function latestVersion(versions: readonly string[]): string | undefined {
  return [...versions].sort(compareVersions).at(-1);
}
