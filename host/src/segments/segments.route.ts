/**
 * `GET,POST /api/segments`, `GET,PUT,DELETE /api/segments/{id}` and `POST /api/segments/{id}/run`. Saving a segment
 * schedules its batch evaluation over the stored profiles; /track keeps changed profiles up to date inline.
 */
import { Type } from 'typebox';
import { errors, IdParams, PageOf, PageQuery } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { Segment, SegmentInput } from './segment.schema.ts';
import { enqueueSegmentRun } from './segment.job.ts';
import { SEGMENTS_CHANNEL } from './service.ts';

const Enqueued = Type.Object({ id: Type.String(), name: Type.Literal('segment') });
const SegmentSaved = Type.Object({ ...Segment.properties, job: Type.Union([Enqueued, Type.Null()], { description: 'The batch evaluation scheduled by this change; null when none was needed or the queue was unavailable' }) });

/** Segment management. */
export const segmentRoutes = defineRoutes({
  name: 'segments',
  audience: 'api',
  register(app, services) {
    const segments = services.segments;
    const tags = ['segments'];
    const announce = (id: string) => services.bus.publish(SEGMENTS_CHANNEL, { id }).catch(() => undefined);
    // The segment is saved either way; a queue that is down only delays the batch (POST .../run retries it), and
    // answering an error for a change that was stored would make clients repeat it.
    const schedule = async (segmentId: string, strip: string[], run: boolean) => {
      if (!run && strip.length === 0) return null;
      try {
        return { id: await enqueueSegmentRun(services, { segmentId, strip }), name: 'segment' as const };
      } catch (err) {
        services.log.error({ err, segment: segmentId }, 'could not schedule the segment evaluation; run it again with POST /api/segments/{id}/run');
        return null;
      }
    };

    app.get('/api/segments', {
      config: { permission: 'segments.read' },
      schema: { tags, summary: 'List segments', querystring: Type.Object(PageQuery), response: { 200: PageOf(Segment), ...errors(401, 403, 422) } },
    }, (request) => segments.list({ limit: request.query.limit, cursor: request.query.cursor }));

    app.post('/api/segments', {
      config: { permission: 'segments.write' },
      schema: {
        tags, summary: 'Create a segment and schedule its evaluation over the stored profiles',
        description: 'The condition reads the profile only (`profile@traits.plan == "pro"`); an invalid one answers 422 `invalid_condition` naming the column. Profiles meeting it get the segment name in `segments`.',
        body: SegmentInput, response: { 201: SegmentSaved, ...errors(401, 403, 409, 422) },
      },
    }, async (request, reply) => {
      const { segment } = await segments.create(request.body);
      await announce(segment.id);
      const job = await schedule(segment.id, [], segment.enabled);
      reply.status(201);
      return { ...segment, job };
    });

    app.get('/api/segments/:id', {
      config: { permission: 'segments.read' },
      schema: { tags, summary: 'Get a segment', params: IdParams, response: { 200: Segment, ...errors(401, 403, 404) } },
    }, (request) => segments.get(request.params.id));

    app.put('/api/segments/:id', {
      config: { permission: 'segments.write' },
      schema: { tags, summary: 'Replace a segment and schedule its re-evaluation', params: IdParams, body: SegmentInput, response: { 200: SegmentSaved, ...errors(401, 403, 404, 409, 422) } },
    }, async (request) => {
      const { segment, strip } = await segments.update(request.params.id, request.body);
      await announce(segment.id);
      return { ...segment, job: await schedule(segment.id, strip, segment.enabled) };
    });

    app.delete('/api/segments/:id', {
      config: { permission: 'segments.write' },
      schema: { tags, summary: 'Delete a segment; profiles lose its name in the background', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
    }, async (request, reply) => {
      const old = await segments.remove(request.params.id);
      await announce(old.id);
      await schedule(old.id, [old.name], false);
      reply.status(204);
      return null;
    });

    app.post('/api/segments/:id/run', {
      config: { permission: 'segments.write' },
      schema: { tags, summary: 'Re-evaluate a segment over every stored profile (background job)', params: IdParams, response: { 202: Type.Object({ job: Enqueued }), ...errors(401, 403, 404, 503) } },
    }, async (request, reply) => {
      const segment = await segments.get(request.params.id);
      reply.status(202);
      return { job: { id: await enqueueSegmentRun(services, { segmentId: segment.id }), name: 'segment' as const } };
    });
  },
});
