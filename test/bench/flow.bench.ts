// npm run bench:flow — /track throughput through the 5-node reference flow (if → set-value → update-profile →
// template → create-response, every node in the sandbox) against /track with no flow and a bare Fastify route, all
// measured in one run on this machine. The three cases are measured in interleaved rounds and the median of each is
// reported, so load from other processes drifting during the run hits every case alike. Prints the ratios; the
// target is flow ≥ 0.5 × no-flow. It also prints the host's CPU per request in each /track case (all its threads,
// from /proc on Linux): throughput at 16 connections is bound by latency as much as by work, and this figure shows
// the work itself, which load from other processes disturbs less.
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { startHost, waitForPlugins } from '../helpers/index.ts';
import { FIVE_NODE_PLUGINS, fiveNodeFlow } from '../workflow/five-node-flow.ts';
import { processCpuMs } from './internal/process-cpu.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

interface Measured { label: string; rps: number; p50: number; p99: number; errors: number; non2xx: number; requests: number; hostCpuMs: number | null }

interface Case { label: string; url: string; body: unknown }

function options(c: Case) {
  return { url: c.url, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body), connections: CONNECTIONS };
}

async function measure(c: Case, hostPid: number | null): Promise<Measured> {
  const cpu0 = hostPid === null ? null : processCpuMs(hostPid);
  const r = await autocannon({ ...options(c), duration: SECONDS });
  const cpu1 = hostPid === null ? null : processCpuMs(hostPid);
  return {
    label: c.label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx,
    requests: r.requests.total, hostCpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
  };
}

function median(list: Measured[]): Measured {
  const sorted = [...list].sort((a, b) => a.rps - b.rps);
  const m = sorted[Math.floor(sorted.length / 2)];
  const cpu = list.every((x) => x.hostCpuMs !== null) ? list.reduce((n, x) => n + x.hostCpuMs!, 0) : null;
  return {
    ...m, errors: list.reduce((n, x) => n + x.errors, 0), non2xx: list.reduce((n, x) => n + x.non2xx, 0),
    requests: list.reduce((n, x) => n + x.requests, 0), hostCpuMs: cpu,
  };
}

// FLOW_THREADS=0 measures flows on the main thread instead of the default flow thread.
const host = await startHost({ env: { LOG_LEVEL: 'error', ...(process.env.FLOW_THREADS ? { FLOW_THREADS: process.env.FLOW_THREADS } : {}) } });
try {
  await waitForPlugins(host.api, FIVE_NODE_PLUGINS);
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

  const bare = Fastify({ logger: false });
  bare.post('/track', async () => ({ profile: { id: 'x' }, session: { id: 'y' }, events: [], ux: [], response: {}, errors: [], warnings: [] }));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const cases: Case[] = [
    { label: 'bare Fastify route', url: `${bareUrl}/track`, body: { source: { id: plain.id }, events: [event] } },
    { label: '/track, no flow', url: `${host.url}/track`, body: { source: { id: plain.id }, events: [event] } },
    { label: '/track, 5-node flow', url: `${host.url}/track`, body: { source: { id: routed.id }, events: [event] } },
  ];
  // Warm-up: JIT, isolate pools, SQLite page cache.
  for (const c of cases) await autocannon({ ...options(c), duration: 2 });
  const samples: Measured[][] = cases.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    // The bare route runs in this process: only the host's CPU is counted, and only for the /track cases.
    for (let i = 0; i < cases.length; i++) samples[i].push(await measure(cases[i], i === 0 ? null : host.pid));
  }
  const results = samples.map(median);
  await bare.close();

  console.log(`\n/track throughput, ${CONNECTIONS} connections, median of ${ROUNDS} interleaved ${SECONDS} s rounds (new profile per request), Node ${process.version}`);
  console.log('case                     req/s     p50 ms  p99 ms  errors/non-2xx');
  for (const r of results) {
    console.log(`${r.label.padEnd(24)} ${r.rps.toFixed(0).padStart(7)}  ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)}  ${r.errors}/${r.non2xx}`);
  }
  const [b, none, five] = results;
  console.log('');
  console.log(`ratio 5-node flow / no flow : ${(five.rps / none.rps).toFixed(3)}  (target ≥ 0.50: ${five.rps / none.rps >= 0.5 ? 'met' : 'NOT met'})`);
  // Each round measures the two /track cases back to back: their ratio per round shows how far the machine's drift
  // moves the figure within this run.
  const perRound = samples[2].map((f, r) => (f.rps / samples[1][r].rps).toFixed(3));
  console.log(`  the same, round by round   : ${perRound.join(', ')}`);
  console.log(`ratio no flow / bare route  : ${(none.rps / b.rps).toFixed(2)}`);
  console.log(`ratio 5-node flow / bare    : ${(five.rps / b.rps).toFixed(2)}`);
  const perRequest = (m: Measured) => (m.hostCpuMs === null ? null : (m.hostCpuMs * 1000) / m.requests);
  const [cpuNone, cpuFive] = [perRequest(none), perRequest(five)];
  if (cpuNone !== null && cpuFive !== null) {
    console.log(`host CPU per request (all threads, all rounds): no flow ${cpuNone.toFixed(0)} µs, 5-node flow ${cpuFive.toFixed(0)} µs; ` +
      `the flow's own share ${(cpuFive - cpuNone).toFixed(0)} µs (diagnosis: a capacity view that load from other processes disturbs less than req/s)`);
  }
  if (five.non2xx + none.non2xx > 0) console.log('warning: some requests did not answer 2xx');
} finally {
  await host.dispose();
}
