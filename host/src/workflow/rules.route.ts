/** `GET,POST /api/rules` and `GET,PUT,DELETE /api/rules/{id}`: routing rules; changes apply from the next event. */
import { Type } from 'typebox';
import { errors, IdParams, PageOf, PageQuery } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { WORKFLOW_CHANNEL } from './index.ts';
import { Rule, RuleInput } from './flow.schema.ts';

/** Routing rule management. */
export const ruleRoutes = defineRoutes({
  name: 'rules',
  audience: 'api',
  register(app, services) {
    const rules = services.workflow.rules;
    const tags = ['rules'];
    const announce = (id: string) => services.bus.publish(WORKFLOW_CHANNEL, { kind: 'rule', id }).catch(() => undefined);

    app.get('/api/rules', {
      config: { permission: 'rules.read' },
      schema: { tags, summary: 'List routing rules', querystring: Type.Object(PageQuery), response: { 200: PageOf(Rule), ...errors(401, 403, 422) } },
    }, (request) => rules.list({ limit: request.query.limit, cursor: request.query.cursor }));

    app.post('/api/rules', {
      config: { permission: 'rules.write' },
      schema: { tags, summary: 'Create a routing rule (event type + source + optional condition → flow)', body: RuleInput, response: { 201: Rule, ...errors(401, 403, 422) } },
    }, async (request, reply) => {
      const rule = await rules.create(request.body);
      await announce(rule.id);
      reply.status(201);
      return rule;
    });

    app.get('/api/rules/:id', {
      config: { permission: 'rules.read' },
      schema: { tags, summary: 'Get a routing rule', params: IdParams, response: { 200: Rule, ...errors(401, 403, 404) } },
    }, (request) => rules.get(request.params.id));

    app.put('/api/rules/:id', {
      config: { permission: 'rules.write' },
      schema: { tags, summary: 'Replace a routing rule', params: IdParams, body: RuleInput, response: { 200: Rule, ...errors(401, 403, 404, 422) } },
    }, async (request) => {
      const rule = await rules.update(request.params.id, request.body);
      await announce(rule.id);
      return rule;
    });

    app.delete('/api/rules/:id', {
      config: { permission: 'rules.write' },
      schema: { tags, summary: 'Delete a routing rule', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
    }, async (request, reply) => {
      await rules.remove(request.params.id);
      await announce(request.params.id);
      reply.status(204);
      return null;
    });
  },
});
