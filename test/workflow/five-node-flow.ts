/**
 * The reference 5-node flow used by the end-to-end test and `npm run bench:flow`:
 * if (a purchase over 100) → set-value (event property) → update-profile (traits) → template → create-response.
 */
const plugin = (name: string) => ({ name: `@tessera/plugin-${name}`, version: '1.0.0' });
const at = (x: number) => ({ x, y: 0 });

/** The plugins the flow needs installed. */
export const FIVE_NODE_PLUGINS = ['if', 'set-value', 'update-profile', 'template', 'create-response'].map((n) => `@tessera/plugin-${n}`);

/** Body of `POST /api/flows` for the reference flow. */
export function fiveNodeFlow(name = 'Big purchase') {
  return {
    name,
    description: 'Marks big spenders and answers with a thank-you text',
    nodes: [
      { id: 'start', type: 'start', position: at(0) },
      { id: 'big', type: 'plugin', plugin: plugin('if'), label: 'Big purchase?', position: at(200), config: { condition: 'event@properties.total > 100' } },
      { id: 'mark', type: 'plugin', plugin: plugin('set-value'), label: 'Mark event', position: at(400), config: { path: 'event@properties.big', value: true } },
      {
        id: 'traits', type: 'plugin', plugin: plugin('update-profile'), label: 'Count', position: at(600),
        config: { operations: [{ field: 'traits.bigPurchases', op: 'increment' }, { field: 'traits.lastTotal', op: 'set', value: '{{event@properties.total}}' }] },
      },
      { id: 'text', type: 'plugin', plugin: plugin('template'), label: 'Thank you', position: at(800), config: { template: 'Thanks! Big purchase #{{profile@traits.bigPurchases}} of {{event@properties.total}}' } },
      { id: 'reply', type: 'plugin', plugin: plugin('create-response'), label: 'Answer', position: at(1000), config: { key: 'thanks', body: { text: '{{payload@text}}' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'payload', target: 'big', targetPort: 'payload' },
      { id: 'e2', source: 'big', sourcePort: 'true', target: 'mark', targetPort: 'payload' },
      { id: 'e3', source: 'mark', sourcePort: 'payload', target: 'traits', targetPort: 'payload' },
      { id: 'e4', source: 'traits', sourcePort: 'payload', target: 'text', targetPort: 'payload' },
      { id: 'e5', source: 'text', sourcePort: 'payload', target: 'reply', targetPort: 'payload' },
    ],
  };
}
