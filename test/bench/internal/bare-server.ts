/**
 * The baseline of `bench:track`: a bare Fastify server with one POST route that parses the same JSON body and
 * answers a small JSON object. It runs as its own process, like the host, and prints its port once listening.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/track', async (request) => {
  const body = request.body as { events?: unknown[] };
  return { profile: { id: 'p' }, session: { id: 's' }, events: [String(body.events?.length ?? 0)], ux: [], response: {}, errors: [], warnings: [] };
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
