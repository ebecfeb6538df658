/**
 * `npm run bench -- <name> [args]`: runs `test/bench/<name>.bench.ts` (`track`, `flow`, `sandbox`) in a child process
 * with the same Node flags as the `bench:<name>` scripts; without a name, lists the benchmarks.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const names = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  if (name) console.error(`unknown benchmark "${name}"`);
  console.error(`usage: npm run bench -- <${names.join('|')}> [args]   (see test/bench/README.md)`);
  process.exit(name ? 2 : 0);
}
const result = spawnSync(process.execPath, ['--no-node-snapshot', `${dir}${name}.bench.ts`, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
