/**
 * `tessera worker`: consumes background jobs (merge, segmentation, scheduled events, import, destination dispatch)
 * from the queue — BullMQ on Redis in scale mode — with the same services as a host, but no public HTTP surface.
 * It answers `GET /health` and `GET /ready` on PORT for orchestrators. SIGTERM: stop taking jobs, let running
 * ones finish (bounded), close the store, exit 0.
 */
import http from 'node:http';
import { isTesseraError } from '../errors/index.ts';
import { startJobProcessing } from '../jobs/index.ts';
import { createLogger, createServices } from '../services.ts';
import { configOrNull } from './config-or-exit.ts';
import { defineCommand } from './command.ts';

/** Runs job handlers until a signal stops the process. */
export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'Run background jobs from the queue (BullMQ on REDIS_HOST in scale mode)',
  async run() {
    const config = configOrNull();
    if (!config) return 2;
    const log = createLogger(config);
    let services;
    try {
      services = await createServices(config, log);
    } catch (err) {
      log.fatal({ err }, `cannot start the worker: ${isTesseraError(err) ? err.message : String(err)}`);
      return 1;
    }
    if (services.queue.kind !== 'bullmq') log.warn('REDIS_HOST is not set: this worker processes the embedded queue of its own data folder only');
    startJobProcessing(services);

    const probes = http.createServer((req, res) => {
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'GET') return send(405, { error: { code: 'method_not_allowed', message: 'GET only' } });
      if (req.url === '/health') return send(200, { status: 'ok', role: 'worker' });
      if (req.url === '/ready') {
        void services.store.ready().then((ok) => send(ok ? 200 : 503, { ready: ok }), () => send(503, { ready: false }));
        return undefined;
      }
      return send(404, { error: { code: 'not_found', message: 'a worker serves /health and /ready only' } });
    });
    try {
      await new Promise<void>((resolve, reject) => probes.once('error', reject).listen(config.port, config.host, resolve));
    } catch (err) {
      log.fatal({ err }, `cannot listen for probes on port ${config.port}`);
      await services.close();
      return 1;
    }
    log.info({ port: config.port, queue: services.queue.kind, storage: config.storage, production: config.production }, 'Tessera worker is running');

    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = async (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'worker shutting down: finishing running jobs');
        const force = setTimeout(() => resolve(1), config.shutdownTimeoutMs);
        force.unref();
        probes.close();
        try {
          await services.close();
          log.info('worker stopped');
          resolve(0);
        } catch (err) {
          log.error({ err }, 'error during worker shutdown');
          resolve(1);
        } finally {
          clearTimeout(force);
        }
      };
      process.once('SIGTERM', (s) => void stop(s));
      process.once('SIGINT', (s) => void stop(s));
    });
  },
});
