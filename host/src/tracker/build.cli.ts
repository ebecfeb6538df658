/**
 * `npm run build -w host`: builds the tracker bundle and prints its size against the gzip budget; fails when over.
 */
import { buildTracker, TRACKER_GZIP_BUDGET } from './build.ts';

const bundle = await buildTracker();
const kb = (n: number): string => `${(n / 1024).toFixed(2)} KB`;
console.log(`tracker: ${bundle.file}\n  size ${kb(bundle.bytes)}, gzip ${kb(bundle.gzipBytes)} (budget ${kb(TRACKER_GZIP_BUDGET)})`);
if (bundle.gzipBytes > TRACKER_GZIP_BUDGET) {
  console.error('tracker: gzipped bundle is over budget');
  process.exitCode = 1;
}
