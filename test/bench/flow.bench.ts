// npm run bench:flow — /track throughput through the 5-node reference flow (if → set-value → update-profile →
// template → create-response, every node in the sandbox) against /track with no flow and a bare Fastify route, all
// measured in one run on this machine. Every case runs on a concurrency ladder (default 16, 64, 256 and 512
// connections), all (case, level) pairs interleaved in slices, so load from other processes drifting during the run
// hits every case alike (see internal/ladder.ts). The verdict compares peak throughput, each case at its best level:
// at 16 connections a closed-loop load generator measures mostly latency (each request waits for its commit and the
// machine idles), at the top of the ladder the capacity that open traffic meets. The ratio at every level is printed
// too. Target: flow ≥ 0.5 × no-flow. It also prints, at each case's peak, the host's CPU per request (all its
// threads, from /proc on Linux) and how busy the machine was.
import { startHost, waitForPlugins, waitForSeeding } from '../helpers/index.ts';
import { FIVE_NODE_PLUGINS, fiveNodeFlow } from '../workflow/five-node-flow.ts';
import { startBare, type BareServer } from './internal/bare.ts';
import { failures, ladderTable, measureLadder, parseLevels, ratiosByLevel, type LadderResult } from './internal/ladder.ts';

const LEVELS = parseLevels(process.env.BENCH_LEVELS, [16, 64, 256, 512]);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const SLICES = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET = 0.5;

// FLOW_THREADS=0 measures flows on the main thread instead of the default flow thread.
const host = await startHost({ env: { LOG_LEVEL: 'error', ...(process.env.FLOW_THREADS ? { FLOW_THREADS: process.env.FLOW_THREADS } : {}) } });
let bare: BareServer | undefined;
try {
  await waitForPlugins(host.api, FIVE_NODE_PLUGINS);
  // The rest of the registry's start-up seeding must not run during the measurement.
  await waitForSeeding(host.api, 180_000);
  const plain = await host.api.createSource({ name: 'bench no flow' });
  const routed = await host.api.createSource({ name: 'bench flow' });
  const flow = await host.api.post('/api/flows', fiveNodeFlow('Bench'));
  if (flow.status !== 201) throw new Error(`flow not created: ${JSON.stringify(flow.body)}`);
  await host.api.post(`/api/flows/${flow.body.id}/publish`, { note: 'bench' });
  const rule = await host.api.post('/api/rules', { name: 'bench', eventType: 'purchase', source: routed.id, flowId: flow.body.id });
  if (rule.status !== 201) throw new Error(`rule not created: ${JSON.stringify(rule.body)}`);

  const event = { type: 'purchase', properties: { total: 150, currency: 'EUR', sku: 'sku-1' } };
  const check = await host.api.track({ source: { id: routed.id }, events: [event] });
  if (check.body?.response?.thanks?.text !== 'Thanks! Big purchase #1 of 150') throw new Error(`the flow did not run: ${JSON.stringify(check.body)}`);

  bare = await startBare();

  const body = (sourceId: string) => [JSON.stringify({ source: { id: sourceId }, events: [event] })];
  const [bareRoute, none, five] = await measureLadder([
    { name: 'bare Fastify route', url: bare.url, bodies: body(plain.id), pid: bare.pid },
    { name: '/track, no flow', url: `${host.url}/track`, bodies: body(plain.id), pid: host.pid },
    { name: '/track, 5-node flow', url: `${host.url}/track`, bodies: body(routed.id), pid: host.pid },
  ], { levels: LEVELS, seconds: SECONDS * SLICES, slices: SLICES }) as [LadderResult, LadderResult, LadderResult];

  console.log(`\n/track throughput (new profile per request), ${SECONDS} s per case and level in each of ${SLICES} interleaved rounds, Node ${process.version}`);
  for (const line of ladderTable([bareRoute, none, five], 24)) console.log(line);
  console.log('');
  const ratio = five.peak.rps / none.peak.rps;
  console.log(`ratio 5-node flow / no flow, peak throughput : ${ratio.toFixed(3)}  (target ≥ ${TARGET}: ${ratio >= TARGET ? 'met' : 'NOT met'})`);
  console.log(`  at each level (connections: ratio)         : ${ratiosByLevel(five, none)}`);
  console.log(`ratio no flow / bare route, peak             : ${(none.peak.rps / bareRoute.peak.rps).toFixed(2)}`);
  console.log(`ratio 5-node flow / bare route, peak         : ${(five.peak.rps / bareRoute.peak.rps).toFixed(2)}`);
  const [cpuNone, cpuFive] = [none.peak.cpuPerRequestUs, five.peak.cpuPerRequestUs];
  if (cpuNone !== null && cpuFive !== null) {
    console.log(`host CPU per request at the peaks (all threads): no flow ${cpuNone.toFixed(0)} µs, 5-node flow ${cpuFive.toFixed(0)} µs; ` +
      `the flow's own share ${(cpuFive - cpuNone).toFixed(0)} µs (diagnosis: a capacity view that load from other processes disturbs less than req/s)`);
  }
  if (failures([none, five]) > 0) {
    console.log('error: some requests failed or did not answer 2xx');
    process.exitCode = 1;
  }
} finally {
  await bare?.stop();
  await host.dispose();
}
