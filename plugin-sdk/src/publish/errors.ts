/** Registry errors shared by the publishing helpers and the marketplace's registry client. */

/** A registry request that failed; `status` is the HTTP status, or 0 when the registry could not be reached. */
export class RegistryError extends Error {
  override name = 'RegistryError';
  readonly status: number;
  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

/** The URL path of a package name (`@scope/name` → `@scope%2fname`). */
export function packagePath(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}
