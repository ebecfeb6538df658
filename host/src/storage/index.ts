/** Storage: the port every adapter implements, the stored entities, and adapter construction. */
export * from './port.ts';
export * from './entities.ts';
