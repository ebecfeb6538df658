/** Helpers for black-box suites: start the real host, talk to it. */
export { startHost, freePort, REPO_ROOT, type HostHandle, type StartHostOptions } from './host.ts';
export { createApi, TEST_ADMIN, type Api, type ApiResponse, type RequestOptions } from './api.ts';
export { eventually } from './eventually.ts';
export { waitForPlugins, waitForSeeding, type MarketplaceStatus } from './plugins.ts';
