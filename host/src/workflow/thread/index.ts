/** Flow threads: the workflow engine running on worker threads, fed by the main thread one flow run at a time. */
export { createThreadEngine } from './thread-engine.ts';
export type { ThreadEngine, ThreadEngineOptions } from './thread-engine.ts';
