/**
 * `tessera start`: opens the data folder (creating it), migrates the store, bootstraps the admin, serves HTTP.
 * SIGTERM/SIGINT: stop accepting, let in-flight requests finish, flush and close the store, exit 0.
 */
import fs from 'node:fs';
import { buildApp } from '../app.ts';
import { isTesseraError } from '../errors/index.ts';
import { startJobProcessing } from '../jobs/index.ts';
import { createLogger, createServices } from '../services.ts';
import { bootstrapAdmin } from '../users/bootstrap.ts';
import { configOrNull } from './config-or-exit.ts';
import { defineCommand } from './command.ts';

/** Runs the host until a signal stops it. */
export const startCommand = defineCommand({
  name: 'start',
  summary: 'Run the Tessera host (HTTP collector, management API, docs)',
  async run() {
    const config = configOrNull();
    if (!config) return 2;
    const log = createLogger(config);
    fs.mkdirSync(config.dataDir, { recursive: true });

    let services;
    try {
      services = await createServices(config, log);
    } catch (err) {
      log.fatal({ err }, `cannot start: ${isTesseraError(err) ? err.message : String(err)}`);
      return 1;
    }
    // Flow threads boot while the host finishes starting, not during the first request that runs a flow.
    services.workflow.warm();
    // With the embedded queue this process is its own worker; with Redis, `tessera worker` processes consume the jobs.
    if (services.queue.kind === 'embedded') startJobProcessing(services);
    const app = await buildApp(services);
    try {
      await bootstrapAdmin(services);
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      log.fatal({ err }, `cannot start: ${(err as Error).message}`);
      await app.close().catch(() => undefined);
      await services.close();
      return 1;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info({ port, dataDir: config.dataDir, storage: config.storage, exposeGuiApi: config.exposeGuiApi, production: config.production },
      `Tessera is listening on http://localhost:${port} (docs at /docs)`);

    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = async (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down: finishing in-flight requests');
        const force = setTimeout(() => {
          log.error('shutdown timed out; exiting with pending work');
          resolve(1);
        }, config.shutdownTimeoutMs);
        force.unref();
        // Keep-alive connections turn idle once their in-flight request is answered; close them as they do, or the
        // server would wait for the keep-alive timeout.
        const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
        try {
          await app.close();
          clearInterval(sweeper);
          await services.close();
          log.info('stopped');
          resolve(0);
        } catch (err) {
          log.error({ err }, 'error during shutdown');
          resolve(1);
        } finally {
          clearInterval(sweeper);
          clearTimeout(force);
        }
      };
      process.once('SIGTERM', (s) => void stop(s));
      process.once('SIGINT', (s) => void stop(s));
    });
  },
});
