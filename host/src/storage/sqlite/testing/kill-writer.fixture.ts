/**
 * Test fixture (run as a child process): commits events as fast as it can from 20 concurrent writers and prints
 * each event id once its commit resolved (= acknowledged). The test SIGKILLs it and checks every printed id.
 */
import { makeEvent } from '../../internal/fixtures.ts';
import { createSqliteStore } from '../store.ts';

const store = await createSqliteStore(process.argv[2]!);
let n = 0;
process.stdout.write('ready\n');
await Promise.all(Array.from({ length: 20 }, async (_, w) => {
  for (;;) {
    const id = `w${w}-${n++}`;
    await store.commit({ events: [makeEvent('kill', id)], sessions: [] });
    // Pipes are written synchronously on Linux: once the parent reads this line, the commit had resolved.
    process.stdout.write(`${id}\n`);
  }
}));
