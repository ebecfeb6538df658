/** The embedded durable queue (SQLite). */
export { EmbeddedQueue, createEmbeddedQueue, type EmbeddedQueueOptions } from './queue.ts';
