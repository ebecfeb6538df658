/** `@scope/name` as a URL path (`%40scope/name`), the form the host's `{scope}/{name}` routes match. */
export function packagePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}
