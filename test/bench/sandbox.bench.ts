// npm run bench:sandbox — per-call cost of the sandbox (host createSandbox → pooled isolate → JSON in/out) for a
// no-op plugin and a 1 KB payload transform, against the same functions called directly in Node, in one run.
import { fileURLToPath } from 'node:url';
import { bundlePlugin, readPluginPackage } from '@tessera/plugin-sdk/build';
import type { PluginContext } from '@tessera/plugin-sdk';
import { createSandbox } from '@tessera/host/sandbox/index.ts';
import type { SandboxCall } from '@tessera/host/sandbox/index.ts';
import { noop, transform } from './fixtures/sandbox/functions.ts';

const WARMUP = 2_000;
const N = Number(process.env.BENCH_N ?? 20_000);

const order = {
  id: 'ord-81723', email: '  Ada.Lovelace@Example.COM ', currency: 'USD', createdAt: '2026-11-28T12:00:00Z',
  customer: { id: 'c-1', name: 'Ada Lovelace', tier: 'gold', country: 'GB' },
  shipping: { method: 'express', address: { street: '12 Analytical Row', city: 'London', zip: 'N1 9GU' } },
  products: [
    { sku: 'sku-1001', name: 'Difference Engine Poster', price: 19.9, quantity: 2, category: 'prints' },
    { sku: 'sku-1002', name: 'Brass Gear Set', price: 54.5, quantity: 1, category: 'hardware' },
    { sku: 'sku-1003', name: 'Punch Card Notebook', price: 7.25, quantity: 4, category: 'stationery' },
    { sku: 'sku-1004', name: 'Jacquard Scarf', price: 39, quantity: 1, category: 'apparel' },
    { sku: 'sku-1005', name: 'Note G Print', price: 12, quantity: 3, category: 'prints' },
  ],
  utm: { source: 'newsletter', medium: 'email', campaign: 'winter' },
  notes: 'Leave the parcel with the neighbour at number 14 if nobody answers; gift wrap the scarf.',
  flags: ['first-order', 'newsletter-signup'],
};
const payloadBytes = JSON.stringify(order).length;

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples = new Array<number>(N);
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  return median(samples);
}

async function load(name: string) {
  const dir = fileURLToPath(new URL(`./fixtures/sandbox/${name}/`, import.meta.url));
  const info = readPluginPackage(dir);
  const { code } = await bundlePlugin(dir);
  return { name: info.name, version: info.version, manifest: info.manifest, code };
}

const sandbox = createSandbox({ env: {} });
const config = { rate: 0.9 };
const ctx = { config } as unknown as PluginContext<{ rate: number }>;
const cases = [
  { label: 'no-op', plugin: await load('noop'), direct: () => noop({ port: 'payload', payload: order }, ctx as never) },
  { label: `1 KB transform (${payloadBytes} B)`, plugin: await load('transform'), direct: () => transform({ port: 'payload', payload: order }, ctx) },
];

console.log(`sandbox benchmark: ${N} calls per case after ${WARMUP} warm-up, median µs/call (Node ${process.version}, ${process.arch})`);
console.log(['case'.padEnd(28), 'sandbox µs', 'direct µs', 'ratio'].join('  '));
let failed = false;
for (const c of cases) {
  const call: SandboxCall = { plugin: c.plugin, config, input: { port: 'payload', payload: order } };
  const check = await sandbox.run(call);
  if (check.error) throw new Error(`${c.label}: ${check.error.message}`);
  const inSandbox = await timeAsync(() => sandbox.run(call));
  // The baseline is awaited too, so both sides pay for one promise per call.
  const direct = await timeAsync(async () => c.direct());
  console.log([c.label.padEnd(28), inSandbox.toFixed(2).padStart(10), direct.toFixed(2).padStart(9), `${(inSandbox / direct).toFixed(1)}x`.padStart(7)].join('  '));
  if (c.label.startsWith('1 KB') && inSandbox > 50) failed = true;
}
console.log(`target: 1 KB transform ≤ 50 µs median per call — ${failed ? 'MISSED' : 'met'}`);
console.log('stats', JSON.stringify(sandbox.stats()));
await sandbox.close();
