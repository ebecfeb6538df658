/**
 * Cross-domain identity: a click on a link to one of `settings.trackExternalLinks` gets `__tr_pid` (profile id) and
 * `__tr_src` (source id) appended, and the tracker on the target site reads them into `context.tracardi.pass`.
 */

/** True when `host` is `domain` itself or one of its subdomains (a bare suffix match would let evil-example.com in). */
export function matchesDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  const d = domain.toLowerCase().replace(/^\./, '');
  return h === d || h.endsWith(`.${d}`);
}

/** Decorates matching links at click time, so the profile id is the current one and links stay clean until used. */
export function decorateExternalLinks(domains: string[], profileId: () => string | null, sourceId: string): void {
  if (domains.length === 0) return;
  const onClick = (e: Event): void => {
    const pid = profileId();
    const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!pid || !a || a.host === location.host || !domains.some((d) => matchesDomain(a.hostname, d))) return;
    if (a.protocol !== 'http:' && a.protocol !== 'https:') return;
    const url = new URL(a.href);
    url.searchParams.set('__tr_pid', pid);
    url.searchParams.set('__tr_src', sourceId);
    a.href = url.toString();
  };
  // Capture phase: the href must be rewritten before the browser (or a router's handler) follows it.
  document.addEventListener('click', onClick, true);
  document.addEventListener('auxclick', onClick, true);
}
