/** Major versions of the plugin API this SDK (and the host built with it) can run. */
export const SUPPORTED_API_VERSIONS: readonly string[] = ['1'];

const access = { type: 'string', enum: ['none', 'read', 'write'], default: 'none' } as const;
const portName = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' } as const;

/** JSON Schema of the `"tessera"` manifest block (draft 2020-12 subset understood by ajv). */
export const manifestSchema = {
  $id: 'https://tessera.dev/schemas/plugin-manifest.json',
  title: 'Tessera plugin manifest',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'title', 'entry'],
  properties: {
    apiVersion: { type: 'string', pattern: '^[0-9]+$', description: 'Major version of the plugin API, e.g. "1".' },
    kind: { type: 'string', enum: ['action', 'bridge', 'destination'] },
    title: { type: 'string', minLength: 1, maxLength: 120 },
    description: { type: 'string', maxLength: 2000, default: '' },
    category: { type: 'string', maxLength: 60, default: 'General' },
    icon: { type: 'string', maxLength: 200, default: 'puzzle' },
    entry: { type: 'string', pattern: '^(?!/)(?!.*\\.\\.)[A-Za-z0-9_./-]+\\.(c|m)?js$', description: 'Relative path of the bundled JS file.' },
    config: {
      type: 'object',
      description: 'JSON Schema of the node configuration; defaults are applied when a node is configured.',
      default: { type: 'object', properties: {} },
    },
    inputs: { type: 'array', items: portName, uniqueItems: true, maxItems: 16, default: ['payload'] },
    outputs: { type: 'array', items: portName, uniqueItems: true, maxItems: 16, default: ['payload'] },
    permissions: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        network: {
          type: 'array',
          uniqueItems: true,
          default: [],
          items: {
            type: 'string',
            maxLength: 253,
            pattern: '^((\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])$',
          },
        },
        profile: access,
        session: access,
        event: access,
        pii: { type: 'boolean', default: false },
        consent: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, uniqueItems: true, default: [] },
        resources: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, uniqueItems: true, default: [] },
        kv: { type: 'string', enum: ['none', 'plugin', 'profile'], default: 'none' },
        mail: { type: 'boolean', default: false },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        timeoutMs: { type: 'integer', minimum: 1, maximum: 60000, default: 1000 },
        memoryMb: { type: 'integer', minimum: 8, maximum: 1024, default: 64 },
      },
    },
  },
} as const;
