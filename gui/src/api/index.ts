/** The management API client and its payload types. */
export { api, ApiError, buildUrl, errorMessage, getToken, onUnauthorized, setToken, toApiError } from './client.ts';
export type { RequestOptions } from './client.ts';
export type * from './types.ts';
