/** Segments: condition-defined groups of profiles, evaluated inline on /track and in batch by the `segment` job. */
export { createSegmentService, SEGMENTS_CHANNEL, type SegmentService, type SegmentServiceOptions, type SegmentChange } from './service.ts';
export { Segment, SegmentInput } from './segment.schema.ts';
export { segmentation } from './stage.ts';
export { segmentJobHandler, runSegment, enqueueSegmentRun, type SegmentJobPayload, type SegmentRunResult } from './segment.job.ts';
export { applySegments, compileSegmentCondition, type CompiledSegment } from './internal/compile.ts';
export { segmentRoutes } from './segments.route.ts';
