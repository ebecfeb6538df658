/**
 * The checkpoint thread of a store's writer: on the writer's request it copies the committed WAL frames into the
 * database file and flushes that file (a PASSIVE checkpoint on its own connection), while the writer thread goes on
 * committing. A checkpoint takes tens of milliseconds under load (reading and writing thousands of pages, then the
 * database file's flush); run on the writer thread, every request waiting for the next commit waited for it too.
 * Because the writer keeps appending meanwhile, this checkpoint cannot leave the WAL fully copied; the writer finishes
 * the few frames committed since with a short checkpoint of its own, after which the WAL can restart from its
 * beginning (see `worker.ts`).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openSqliteDatabase } from '../database.ts';
import type { CheckpointerData, FromCheckpointer, ToCheckpointer } from './protocol.ts';

const { file, port } = workerData as CheckpointerData;
const db = openSqliteDatabase(file);
db.pragma('wal_autocheckpoint = 0');
const reply = (message: FromCheckpointer): void => (port as MessagePort).postMessage(message);

port.on('message', (message: ToCheckpointer) => {
  if (message !== 'checkpoint') return;
  try {
    // PASSIVE: never waits for readers or the writer, so it never holds up a commit.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy (another checkpoint of the file is running) or an I/O error: the writer checkpoints itself.
  }
  reply('checkpointed');
});

parentPort!.on('message', (message: unknown) => {
  if (message !== 'close') return;
  db.close();
  port.close();
  parentPort!.close();
});
