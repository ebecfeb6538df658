/**
 * `/api/flows*`: flows (PUT saves the draft), versions (publish, list, get, diff, rollback) and test runs.
 * Saving answers 422 `invalid_flow` with `details.fields: [{path, node?, edge?, message}]` naming every problem.
 */
import { Type } from 'typebox';
import { errors, IdParams, PageOf, PageQuery } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { WORKFLOW_CHANNEL } from './index.ts';
import { Flow, FlowInput, FlowVersion, FlowVersionSummary } from './flow.schema.ts';
import { testRun, type TestRunInput } from './test-run.ts';
import { userError } from '../errors/index.ts';

const Problem = Type.Object({
  in: Type.String(), path: Type.String(), node: Type.Optional(Type.String()), edge: Type.Optional(Type.String()), message: Type.String(),
});
const SavedFlow = Type.Intersect([Flow, Type.Object({ warnings: Type.Array(Problem, { description: 'Problems that do not block saving (unreachable nodes, disabled plugins)' }) })]);
const FlowCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  nodes: Type.Optional(FlowInput.properties.nodes),
  edges: Type.Optional(FlowInput.properties.edges),
  timeoutMs: Type.Optional(FlowInput.properties.timeoutMs),
}, { additionalProperties: false, description: 'Without nodes, the flow starts with a single start node' });
const VersionParams = Type.Object({ id: Type.String({ minLength: 1 }), version: Type.Integer({ minimum: 1 }) });
const Which = Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('draft')]);
const DiffQuery = Type.Object({ from: Which, to: Type.Optional(Which) });
const ChangeList = Type.Object({ added: Type.Array(Type.Unknown()), removed: Type.Array(Type.Unknown()), changed: Type.Array(Type.Unknown()) });
const FlowDiffSchema = Type.Object({ meta: Type.Array(Type.String()), nodes: ChangeList, edges: ChangeList });
const Issue = Type.Object({
  flowId: Type.String(), flowName: Type.String(), version: Type.Union([Type.Integer(), Type.Literal('draft')]),
  nodeId: Type.Union([Type.String(), Type.Null()]), nodeLabel: Type.Union([Type.String(), Type.Null()]),
  plugin: Type.Union([Type.String(), Type.Null()]), code: Type.String(), message: Type.String(),
});
const NodeTraceSchema = Type.Object({
  id: Type.String(), label: Type.Union([Type.String(), Type.Null()]), plugin: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('ok'), Type.Literal('failed'), Type.Literal('handled'), Type.Literal('skipped')]),
  input: Type.Union([Type.Object({ port: Type.String(), edge: Type.Union([Type.String(), Type.Null()]), payload: Type.Unknown() }), Type.Null()]),
  outputs: Type.Array(Type.Object({ port: Type.String(), payload: Type.Unknown() })),
  patches: Type.Array(Type.Unknown()), attempts: Type.Integer(), durationMs: Type.Number(), cpuMs: Type.Number(),
  logs: Type.Array(Type.Object({ level: Type.String(), message: Type.String(), at: Type.String() })),
  error: Type.Union([Type.Object({ code: Type.String(), kind: Type.String(), message: Type.String() }), Type.Null()]),
});
const TestRunBody = Type.Object({
  event: Type.Optional(Type.Object({
    type: Type.String({ minLength: 1, maxLength: 128 }),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    context: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  })),
  profile: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Fields of a made-up profile (traits, pii, segments…)' })),
  profileId: Type.Optional(Type.String({ minLength: 1, description: 'Run against a stored profile (nothing is written to it)' })),
  eventId: Type.Optional(Type.String({ minLength: 1, description: 'Replay a stored event with its profile and session' })),
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'A published version; default: the draft' })),
}, { additionalProperties: false });
const TestRunResultSchema = Type.Object({
  flowId: Type.String(), version: Type.Union([Type.Integer(), Type.Literal('draft')]), status: Type.Union([Type.Literal('ok'), Type.Literal('failed')]),
  nodes: Type.Array(NodeTraceSchema), edges: Type.Array(Type.String()),
  profileDiff: Type.Array(Type.Object({ path: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
  patches: Type.Array(Type.Unknown()), response: Type.Record(Type.String(), Type.Unknown()), ux: Type.Array(Type.Unknown()),
  errors: Type.Array(Issue), warnings: Type.Array(Issue), durationMs: Type.Number(),
});

/** Flow management, versions and test runs. */
export const flowRoutes = defineRoutes({
  name: 'flows',
  audience: 'api',
  register(app, services) {
    const wf = services.workflow;
    const tags = ['flows'];
    const announce = (id: string) => services.bus.publish(WORKFLOW_CHANNEL, { kind: 'flow', id }).catch(() => undefined);

    app.get('/api/flows', {
      config: { permission: 'flows.read' },
      schema: { tags, summary: 'List flows (drafts, with their published version number)', querystring: Type.Object(PageQuery), response: { 200: PageOf(Flow), ...errors(401, 403, 422) } },
    }, (request) => wf.flows.list({ limit: request.query.limit, cursor: request.query.cursor }));

    app.post('/api/flows', {
      config: { permission: 'flows.write' },
      schema: { tags, summary: 'Create a flow (a draft; publish it to run it on live traffic)', body: FlowCreate, response: { 201: SavedFlow, ...errors(401, 403, 422) } },
    }, async (request, reply) => {
      const b = request.body;
      const nodes = b.nodes ?? [{ id: 'start', type: 'start' as const, position: { x: 0, y: 0 } }];
      const { flow, warnings } = await wf.flows.create({ ...b, nodes, edges: b.edges ?? [] });
      reply.status(201);
      return { ...flow, warnings };
    });

    app.get('/api/flows/:id', {
      config: { permission: 'flows.read' },
      schema: { tags, summary: 'Get a flow (its draft)', params: IdParams, response: { 200: Flow, ...errors(401, 403, 404) } },
    }, (request) => wf.flows.get(request.params.id));

    app.put('/api/flows/:id', {
      config: { permission: 'flows.write' },
      schema: { tags, summary: 'Save the draft (validated; live traffic keeps the published version)', params: IdParams, body: FlowInput, response: { 200: SavedFlow, ...errors(401, 403, 404, 422) } },
    }, async (request) => {
      const { flow, warnings } = await wf.flows.update(request.params.id, request.body);
      return { ...flow, warnings };
    });

    app.delete('/api/flows/:id', {
      config: { permission: 'flows.write' },
      schema: { tags, summary: 'Delete a flow and its versions (refused while rules use it)', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404, 409) } },
    }, async (request, reply) => {
      await wf.flows.remove(request.params.id, (id) => wf.rules.usingFlow(id));
      await announce(request.params.id);
      reply.status(204);
      return null;
    });

    app.post('/api/flows/:id/publish', {
      config: { permission: 'flows.publish' },
      schema: {
        tags, summary: 'Publish the draft as a new immutable version; live traffic switches to it at once',
        params: IdParams, body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: { 201: FlowVersion, ...errors(401, 403, 404, 422) },
      },
    }, async (request, reply) => {
      const v = await wf.flows.publish(request.params.id, request.body?.note ?? '', request.user?.email ?? null);
      await announce(request.params.id);
      reply.status(201);
      return v;
    });

    app.get('/api/flows/:id/versions', {
      config: { permission: 'flows.read' },
      schema: { tags, summary: 'List published versions, newest first', params: IdParams, response: { 200: PageOf(FlowVersionSummary), ...errors(401, 403, 404) } },
    }, async (request) => ({ items: await wf.flows.versions(request.params.id), next: null }));

    app.get('/api/flows/:id/versions/:version', {
      config: { permission: 'flows.read' },
      schema: { tags, summary: 'Get one version with its graph', params: VersionParams, response: { 200: FlowVersion, ...errors(401, 403, 404) } },
    }, (request) => wf.flows.version(request.params.id, request.params.version));

    app.get('/api/flows/:id/diff', {
      config: { permission: 'flows.read' },
      schema: { tags, summary: 'What changed between two versions (`to` defaults to the draft)', params: IdParams, querystring: DiffQuery, response: { 200: FlowDiffSchema, ...errors(401, 403, 404, 422) } },
    }, (request) => wf.flows.diff(request.params.id, request.query.from, request.query.to ?? 'draft'));

    app.post('/api/flows/:id/rollback', {
      config: { permission: 'flows.publish' },
      schema: {
        tags, summary: 'Republish an old version as a new version number (the draft is not touched)', params: IdParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: { 201: FlowVersion, ...errors(401, 403, 404, 422) },
      },
    }, async (request, reply) => {
      const v = await wf.flows.rollback(request.params.id, request.body.version, request.body.note, request.user?.email ?? null);
      await announce(request.params.id);
      reply.status(201);
      return v;
    });

    app.post('/api/flows/:id/test', {
      config: { permission: 'flows.write' },
      schema: {
        tags, summary: 'Run the draft (or a version) for a made-up or stored event with a full trace; nothing is stored',
        description: 'Give `event` (with `profile` fields or a stored `profileId`), or `eventId` to replay a stored event with its profile and session.',
        params: IdParams, body: TestRunBody, response: { 200: TestRunResultSchema, ...errors(401, 403, 404, 422) },
      },
    }, async (request) => {
      const b = request.body as TestRunInput;
      if (b.profile && b.profileId) throw userError('validation_failed', 'give either profile or profileId, not both', 422, { fields: [{ in: 'body', path: 'profileId', message: 'cannot be combined with profile' }] });
      return testRun({ store: services.store, flows: wf.flows, engine: wf.engine }, request.params.id, b);
    });
  },
});
