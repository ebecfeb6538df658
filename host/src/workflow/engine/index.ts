/** The workflow engine: runs a flow graph's plugin nodes in the sandbox. */
export { createEngine } from './engine.ts';
export type { Engine, EngineOptions, RunOptions } from './engine.ts';
export { RESPONSE_PORT, SCHEDULE_PORT, UX_PORT } from './types.ts';
export type { RunnableFlow, FlowDocs, FlowIssue, FlowRun, NodeTrace, ScheduleRequest } from './types.ts';
export { deepMerge, diffDocs } from './internal/merge.ts';
